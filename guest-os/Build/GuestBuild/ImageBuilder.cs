using GuestOs.Build.Stubs;

namespace GuestOs.Build;

public enum GuestKind { Kernel, Program }

public sealed record ImageRequest(
    string IlcPath,
    string Input,
    IReadOnlyList<string> References,
    string SystemModule,
    GuestKind Kind,
    IReadOnlyList<string> StubSets,
    string WorkDirectory,
    string Output,
    uint? LoadAddress = null);

/// <summary>The three steps from an IL assembly to a bootable image: ILC, stubs, link.</summary>
public static class ImageBuilder
{
    public static void Build(ImageRequest request)
    {
        Directory.CreateDirectory(request.WorkDirectory);
        string name = Path.GetFileNameWithoutExtension(request.Input);
        string managedObject = Path.Combine(request.WorkDirectory, name + ".obj");
        IlcRunner.Compile(request.IlcPath, request.Input, request.References, request.SystemModule, managedObject,
            Path.Combine(request.WorkDirectory, name + ".ilc.map"));

        StubObject stubs = StubSets.Build(name + "-stubs.obj", request.StubSets);
        byte[] stubObject = StubCoff.Write(stubs);
        string stubPath = Path.Combine(request.WorkDirectory, stubs.Name);
        File.WriteAllBytes(stubPath, stubObject);

        GuestLink.Link(
            new[] { (Path.GetFileName(managedObject), File.ReadAllBytes(managedObject)), (stubs.Name, stubObject) },
            request.Kind,
            request.LoadAddress,
            request.Output,
            Path.ChangeExtension(request.Output, ".map"));
    }
}
