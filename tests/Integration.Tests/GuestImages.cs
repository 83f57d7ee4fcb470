namespace Integration.Tests;

/// <summary>Finds the guest images that the build wrote to artifacts/guest/.</summary>
public static class GuestImages
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string Path(string name)
    {
        string path = System.IO.Path.Combine(RepositoryRoot, "artifacts", "guest", name + ".elf");
        if (!File.Exists(path))
            throw new FileNotFoundException($"guest image {path} is missing: build the solution first");
        return path;
    }

    private static string FindRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Directory.GetParent(dir)?.FullName)
        {
            if (File.Exists(System.IO.Path.Combine(dir, "Emulator.sln")))
                return dir;
        }
        throw new DirectoryNotFoundException("Emulator.sln not found above " + AppContext.BaseDirectory);
    }
}
