using GuestOs.Lib;

namespace GuestOs.Tests.KernelTests;

/// <summary>
/// Memory grants. Boot: 0 = granter prio=4, 1 = grantee prio=5. The granter publishes a
/// table: grant 0 lets endpoint 1 read 16 bytes at buffer+4, grant 1 lets it write 8 bytes
/// at target+4, grant 2 is for someone else. The grantee checks that exactly those ranges
/// can be copied, then asks the granter to check its target buffer.
/// </summary>
internal static unsafe class Grants
{
    public static void Granter()
    {
        byte* buffer = stackalloc byte[32];
        byte* target = stackalloc byte[16];
        for (int i = 0; i < 32; i++)
            buffer[i] = (byte)(i + 1);
        for (int i = 0; i < 16; i++)
            target[i] = 0xEE;
        Grant* table = stackalloc Grant[3];
        table[0] = new Grant { Flags = Grant.Used | Grant.Read, Grantee = 1, Address = (uint)(buffer + 4), Size = 16 };
        table[1] = new Grant { Flags = Grant.Used | Grant.Write, Grantee = 1, Address = (uint)(target + 4), Size = 8 };
        table[2] = new Grant { Flags = Grant.Used | Grant.Read | Grant.Write, Grantee = 5, Address = (uint)buffer, Size = 32 };
        Sys.SetGrantTable(table, 3);

        Message m = default;
        Ipc.Receive(1, ref m);
        bool ok = true;
        for (int i = 0; i < 16; i++)
            ok &= target[i] == (i >= 4 && i < 12 ? (byte)(0xA0 + i - 4) : (byte)0xEE);
        m.P0 = ok ? 1 : 0;
        Ipc.Send(1, ref m);
        Ipc.Receive(Endpoint.Any, ref m);
    }

    public static void Grantee()
    {
        byte* copy = stackalloc byte[24];
        for (int i = 0; i < 24; i++)
            copy[i] = 0x55;
        Check.Equal(Error.Ok, Sys.SafeCopyFrom(0, 0, 0, copy + 4, 16), "copy the whole read grant");
        bool ok = true;
        for (int i = 0; i < 24; i++)
            ok &= copy[i] == (i >= 4 && i < 20 ? (byte)(i - 4 + 5) : (byte)0x55);
        Check.That(ok, "exactly the granted bytes arrived");
        Check.Equal(Error.Ok, Sys.SafeCopyFrom(0, 0, 15, copy, 1), "the last granted byte");
        Check.Equal(20, copy[0], "its value");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyFrom(0, 0, 0, copy, 17), "one byte past the end");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyFrom(0, 0, 16, copy, 1), "offset at the end");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyFrom(0, 0, -1, copy, 2), "negative offset");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyTo(0, 0, 0, copy, 4), "write through a read grant");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyFrom(0, 1, 0, copy, 4), "read through a write grant");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyFrom(0, 2, 0, copy, 4), "a grant for another process");
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyFrom(0, 3, 0, copy, 4), "a grant id past the table");

        byte* data = stackalloc byte[8];
        for (int i = 0; i < 8; i++)
            data[i] = (byte)(0xA0 + i);
        Check.Equal(Error.PermissionDenied, Sys.SafeCopyTo(0, 1, 4, data, 5), "write past the write grant");
        Check.Equal(Error.Ok, Sys.SafeCopyTo(0, 1, 0, data, 8), "write the whole write grant");
        Message m = default;
        Ipc.SendRec(0, ref m);
        Check.Equal(1, m.P0, "the granter saw exactly the granted bytes change");
        Check.Finish("grants");
    }
}
