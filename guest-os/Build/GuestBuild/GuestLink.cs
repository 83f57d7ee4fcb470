using GuestOs.Build.Linker;

namespace GuestOs.Build;

/// <summary>Links the objects of one guest program into its ELF image and map file.</summary>
public static class GuestLink
{
    public static void Link(IEnumerable<(string Name, byte[] Bytes)> objects, GuestKind kind, uint? loadAddress, string imagePath, string mapPath)
    {
        var options = new LinkerOptions
        {
            EntrySymbol = "_start",
            LoadAddress = loadAddress ?? LinkerOptions.DefaultLoadAddress,
            Multiboot = kind == GuestKind.Kernel,
        };
        LinkResult result;
        try
        {
            result = new ElfLinker(options).Link(objects);
        }
        catch (LinkerException e)
        {
            throw new BuildException(e.Message);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(imagePath))!);
        result.WriteTo(imagePath);
        result.WriteMap(mapPath);
    }
}
