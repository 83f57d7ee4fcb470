namespace GuestOs.Tests.Platform;

/// <summary>One PCI function found on bus 0 through configuration mechanism #1 (0xCF8/0xCFC).</summary>
internal struct PciFunction
{
    public int Device;
    public int Function;

    public uint Read(int offset)
    {
        Cpu.Out32(0xCF8, 0x8000_0000u | (uint)Device << 11 | (uint)Function << 8 | (uint)(offset & 0xFC));
        return Cpu.In32(0xCFC);
    }

    public void Write16(int offset, ushort value)
    {
        Cpu.Out32(0xCF8, 0x8000_0000u | (uint)Device << 11 | (uint)Function << 8 | (uint)(offset & 0xFC));
        Cpu.Out16((ushort)(0xCFC + (offset & 2)), value);
    }

    /// <summary>Scans bus 0 for vendor:device; false when absent.</summary>
    public static bool Find(ushort vendor, ushort device, out PciFunction found)
    {
        found = default;
        for (int slot = 0; slot < 32; slot++)
        {
            for (int function = 0; function < 8; function++)
            {
                var candidate = new PciFunction { Device = slot, Function = function };
                uint id = candidate.Read(0);
                if ((id & 0xFFFF) == 0xFFFF)
                {
                    if (function == 0)
                        break;
                    continue;
                }
                if (id == ((uint)device << 16 | vendor))
                {
                    found = candidate;
                    return true;
                }
                if (function == 0 && (candidate.Read(0x0C) & 0x0080_0000) == 0)
                    break;
            }
        }
        return false;
    }
}
