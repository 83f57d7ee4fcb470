namespace GuestOs.Kernel;

/// <summary>
/// The Multiboot v1 information structure (Multiboot spec 3.3): the upper memory size and
/// the boot modules, each with its physical range and command line.
/// </summary>
internal static unsafe class Multiboot
{
    public const uint Magic = 0x2BADB002;
    private const uint FlagMemory = 1 << 0, FlagCommandLine = 1 << 2, FlagModules = 1 << 3;

    public struct Module
    {
        public uint Start, End;
        public byte[] CommandLine;
    }

    public static uint MemoryTop(uint info)
    {
        uint* mbi = (uint*)info;
        if ((mbi[0] & FlagMemory) == 0)
            return 32 * 1024 * 1024;
        return 0x10_0000 + mbi[2] * 1024;      // mem_upper: KiB above 1 MiB
    }

    /// <summary>Whether the kernel's own command line contains the word.</summary>
    public static bool CommandLineHas(uint info, string word)
    {
        uint* mbi = (uint*)info;
        if ((mbi[0] & FlagCommandLine) == 0 || mbi[4] == 0)
            return false;
        byte* line = (byte*)mbi[4];
        for (int start = 0; line[start] != 0; start++)
        {
            int i = 0;
            while (i < word.Length && line[start + i] == (byte)word[i])
                i++;
            if (i == word.Length && (start == 0 || line[start - 1] == (byte)' ') && (line[start + i] == 0 || line[start + i] == (byte)' '))
                return true;
        }
        return false;
    }

    public static int ModuleCount(uint info)
    {
        uint* mbi = (uint*)info;
        return (mbi[0] & FlagModules) == 0 ? 0 : (int)mbi[5];
    }

    /// <summary>Module n; its command line is copied, so the original may be overwritten later.</summary>
    public static Module GetModule(uint info, int index)
    {
        uint* mod = (uint*)((uint*)info)[6] + index * 4;
        byte* line = (byte*)mod[2];
        int length = 0;
        while (line != null && line[length] != 0)
            length++;
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++)
            copy[i] = line[i];
        return new Module { Start = mod[0], End = mod[1], CommandLine = copy };
    }

    /// <summary>The highest address used by the modules and their command lines.</summary>
    public static uint ModulesEnd(uint info)
    {
        uint end = 0;
        int count = ModuleCount(info);
        uint* mods = (uint*)((uint*)info)[6];
        for (int i = 0; i < count; i++)
        {
            uint* mod = mods + i * 4;
            if (mod[1] > end)
                end = mod[1];
            byte* line = (byte*)mod[2];
            uint lineEnd = (uint)line;
            while (line != null && *line != 0)
            {
                line++;
                lineEnd++;
            }
            if (lineEnd + 1 > end)
                end = lineEnd + 1;
        }
        return end;
    }
}
