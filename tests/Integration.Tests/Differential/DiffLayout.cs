namespace Integration.Tests.Differential;

/// <summary>
/// The guest memory map the generator and the harness share, and the layout of the two state
/// blocks. Everything the sequences touch lies below 64 KiB so that 16-bit address-size memory
/// operands reach it; the harness tables (IDT, GDT, stack) are those of <see cref="TestKernels"/>.
/// </summary>
public static class DiffLayout
{
    /// <summary>The scratch area every generated memory operand points into (compared after each sequence).</summary>
    public const uint Scratch = 0x4000;
    public const int ScratchSize = 512;
    public const int ScratchDwords = ScratchSize / 4;

    /// <summary>Read-only pool of interesting SSE values (special floats and doubles), 16 bytes per entry.</summary>
    public const uint ConstPool = 0x5000;

    // Harness variables.
    public const uint SavedEsp = 0x6000;
    public const uint BodyStart = 0x6004;
    /// <summary>
    /// The EFLAGS bits undefined at this point of the sequence (low half) and the MXCSR bits not compared
    /// (high half); the generated code stores it before each instruction that may fault and at the end.
    /// </summary>
    public const uint CurrentMask = 0x6008;
    public const uint FaultVector = 0x600C;
    public const uint FaultError = 0x6010;
    public const uint FaultEip = 0x6014;
    public const uint FaultCs = 0x6018;
    public const uint FaultEflags = 0x601C;
    public const uint FaultOffset = 0x6020;
    public const uint MxcsrInit = 0x6024;

    /// <summary>Initial state, filled from the sequence's seed by xorshift32: GPRs (8), EFLAGS, XMM0-7 (32), scratch (128).</summary>
    public const uint InitBlock = 0x6100;
    public const int InitGprs = 0, InitEflags = 8, InitXmm = 9, InitScratch = 41, InitDwords = 41 + ScratchDwords;

    /// <summary>Result record: GPRs (ESP slot zero), EFLAGS (undefined bits cleared), MXCSR, fault vector+1, error code, fault offset, XMM0-7, scratch.</summary>
    public const uint ResultBlock = 0x6800;
    public const int ResGprs = 0, ResEflags = 8, ResMxcsr = 9, ResFaultVector = 10, ResFaultError = 11, ResFaultOffset = 12, ResXmm = 13, ResScratch = 45;
    public const int ResultDwords = 45 + ScratchDwords;

    /// <summary>FS and GS are flat data segments with these bases (GS wraps around 4 GiB); the others have base 0.</summary>
    public const uint FsBase = 0x0000_1000, GsBase = 0xFFFF_F000;
    public const ushort FsSelector = 0x18, GsSelector = 0x20;

    public static uint SegmentBase(Iced.Intel.Register segment) => segment switch
    {
        Iced.Intel.Register.FS => FsBase,
        Iced.Intel.Register.GS => GsBase,
        _ => 0,
    };

    /// <summary>EFLAGS bits a sequence starts with from its seed: CF PF AF ZF SF DF OF.</summary>
    public const uint SeededFlags = 0x0CD5;

    public const uint ArithmeticFlags = 0x08D5;

    public static readonly string[] GprNames = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };

    /// <summary>A readable name for dword <paramref name="index"/> of a result record.</summary>
    public static string ResultFieldName(int index) => index switch
    {
        < ResEflags => GprNames[index],
        ResEflags => "eflags",
        ResMxcsr => "mxcsr",
        ResFaultVector => "fault vector+1",
        ResFaultError => "fault error code",
        ResFaultOffset => "fault offset",
        < ResScratch => $"xmm{(index - ResXmm) / 4}[{(index - ResXmm) % 4}]",
        _ => $"scratch+0x{(index - ResScratch) * 4:x3}",
    };
}
