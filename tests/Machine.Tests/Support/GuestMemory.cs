using System.Text;
using PcEmu.Memory;

namespace PcEmu.Machine.Tests.Support;

internal static class GuestMemory
{
    /// <summary>Reads a NUL-terminated UTF-8 string from guest memory.</summary>
    public static string ReadCString(this PhysicalMemory memory, uint address)
    {
        List<byte> bytes = new();
        for (byte b; (b = memory.Read8(address)) != 0; address++)
            bytes.Add(b);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
