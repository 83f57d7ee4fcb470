using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace PcEmu.Cpu.Tests.Vectors;

/// <summary>One register/RAM state of a MOO test (INIT or FINA).</summary>
public sealed class MooState
{
    /// <summary>Register values by MOO index (0 AX ... 13 FLAGS); null when not listed.</summary>
    public ushort?[] Regs { get; } = new ushort?[14];
    public List<(uint Address, byte Value)> Ram { get; } = new();
}

public sealed class MooTest
{
    public int Index { get; init; }
    public string Name { get; set; } = "";
    public byte[] Bytes { get; set; } = Array.Empty<byte>();
    public MooState Init { get; } = new();
    public MooState Final { get; } = new();
    public int? ExceptionVector { get; set; }
    public uint ExceptionFlagsAddress { get; set; }
    public string Hash { get; set; } = "";
}

/// <summary>
/// Reader for the MOO single-step test format (tests/vectors/README.md, "Binary schema"):
/// chunks of a 4-character id, a u32 length and a payload; unknown ids are skipped.
/// </summary>
public static class MooFile
{
    public static List<MooTest> Load(string path)
    {
        byte[] data;
        using (var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        using (var ms = new MemoryStream())
        {
            gz.CopyTo(ms);
            data = ms.ToArray();
        }
        var tests = new List<MooTest>();
        int pos = 0;
        while (pos + 8 <= data.Length)
        {
            string id = Encoding.ASCII.GetString(data, pos, 4);
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + 4));
            ReadOnlySpan<byte> payload = data.AsSpan(pos + 8, len);
            if (id == "TEST")
                tests.Add(ParseTest(payload));
            pos += 8 + len;
        }
        return tests;
    }

    private static MooTest ParseTest(ReadOnlySpan<byte> p)
    {
        var t = new MooTest { Index = (int)BinaryPrimitives.ReadUInt32LittleEndian(p) };
        int pos = 4;
        while (pos + 8 <= p.Length)
        {
            string id = Encoding.ASCII.GetString(p.Slice(pos, 4));
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(p.Slice(pos + 4));
            ReadOnlySpan<byte> c = p.Slice(pos + 8, len);
            switch (id)
            {
                case "NAME":
                    t.Name = Encoding.ASCII.GetString(c.Slice(4, (int)BinaryPrimitives.ReadUInt32LittleEndian(c)));
                    break;
                case "BYTS":
                    t.Bytes = c.Slice(4, (int)BinaryPrimitives.ReadUInt32LittleEndian(c)).ToArray();
                    break;
                case "INIT":
                    ParseState(c, t.Init);
                    break;
                case "FINA":
                    ParseState(c, t.Final);
                    break;
                case "EXCP":
                    t.ExceptionVector = c[0];
                    t.ExceptionFlagsAddress = BinaryPrimitives.ReadUInt32LittleEndian(c.Slice(1));
                    break;
                case "HASH":
                    t.Hash = Convert.ToHexString(c.Slice(0, 20)).ToLowerInvariant();
                    break;
            }
            pos += 8 + len;
        }
        return t;
    }

    private static void ParseState(ReadOnlySpan<byte> p, MooState s)
    {
        int pos = 0;
        while (pos + 8 <= p.Length)
        {
            string id = Encoding.ASCII.GetString(p.Slice(pos, 4));
            int len = (int)BinaryPrimitives.ReadUInt32LittleEndian(p.Slice(pos + 4));
            ReadOnlySpan<byte> c = p.Slice(pos + 8, len);
            if (id == "REGS")
            {
                ushort mask = BinaryPrimitives.ReadUInt16LittleEndian(c);
                int k = 2;
                for (int bit = 0; bit < 14; bit++)
                {
                    if ((mask & (1 << bit)) != 0)
                    {
                        s.Regs[bit] = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(k));
                        k += 2;
                    }
                }
            }
            else if (id == "RAM ")
            {
                int n = (int)BinaryPrimitives.ReadUInt32LittleEndian(c);
                for (int e = 0; e < n; e++)
                    s.Ram.Add((BinaryPrimitives.ReadUInt32LittleEndian(c.Slice(4 + e * 5)), c[8 + e * 5]));
            }
            pos += 8 + len;
        }
    }
}
