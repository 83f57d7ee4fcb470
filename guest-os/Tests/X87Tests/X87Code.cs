using System.Runtime.InteropServices;

namespace GuestOs.Tests.Platform;

/// <summary>
/// Builds and runs one hand-encoded x87 sequence (the guest's C# compiles float arithmetic to SSE, so the
/// x87 instructions are written as bytes). EAX points at the data area + 80h: input slots 0-7 at
/// [eax-80h+16*k], output slots 0-7 at [eax+16*k]; the sequence starts with FNINIT (and FLDCW when a
/// control word is given) and ends with FNSAVE to the image printed afterwards.
/// </summary>
internal static unsafe class X87Code
{
    // Memory forms: opcode byte and ModRM reg field.
    public const int FldM32 = 0xD9_0, FstM32 = 0xD9_2, FstpM32 = 0xD9_3, FldenvM = 0xD9_4, FldcwM = 0xD9_5, FnstenvM = 0xD9_6, FnstcwM = 0xD9_7;
    public const int FldM64 = 0xDD_0, FisttpM64 = 0xDD_1, FstM64 = 0xDD_2, FstpM64 = 0xDD_3, FrstorM = 0xDD_4, FnsaveM = 0xDD_6, FnstswM = 0xDD_7;
    public const int FildM32 = 0xDB_0, FisttpM32 = 0xDB_1, FistM32 = 0xDB_2, FistpM32 = 0xDB_3, FldM80 = 0xDB_5, FstpM80 = 0xDB_7;
    public const int FildM16 = 0xDF_0, FisttpM16 = 0xDF_1, FistM16 = 0xDF_2, FistpM16 = 0xDF_3, FbldM = 0xDF_4, FildM64 = 0xDF_5, FbstpM = 0xDF_6, FistpM64 = 0xDF_7;
    public const int FaddM32 = 0xD8_0, FmulM32 = 0xD8_1, FcomM32 = 0xD8_2, FsubM32 = 0xD8_4, FdivM32 = 0xD8_6, FdivrM32 = 0xD8_7;
    public const int FaddM64 = 0xDC_0, FmulM64 = 0xDC_1, FcomM64 = 0xDC_2, FsubrM64 = 0xDC_5, FdivM64 = 0xDC_6;
    public const int FiaddM32 = 0xDA_0, FimulM32 = 0xDA_1, FicomM32 = 0xDA_2, FisubM32 = 0xDA_4, FidivrM32 = 0xDA_7;
    public const int FiaddM16 = 0xDE_0, FicomM16 = 0xDE_2, FicompM16 = 0xDE_3;

    private static byte* s_code;
    private static byte* s_p;
    public static byte* CodeStart => s_code;
    public static byte* Data;      // 512 bytes: inputs 0-7Fh, outputs 80h-FFh, FNSAVE image at 100h
    public static ushort StatusMask = 0xFDFD;

    public static void Initialize(byte* code, byte* data)
    {
        s_code = code;
        Data = data;
    }

    public static void Begin(ushort controlWord = 0)
    {
        for (int k = 0; k < 512; k++)
            Data[k] = 0xCC;
        s_p = s_code;
        Emit(0xB8);                                   // mov eax, Data + 80h
        Emit32((uint)(Data + 0x80));
        Op(0xDB, 0xE3);                               // fninit
        if (controlWord != 0)
        {
            *(ushort*)(Data + 0x7E) = controlWord;
            Mem(FldcwM, -2);
        }
        StatusMask = 0xFDFD;
    }

    public static void Emit(byte b) => *s_p++ = b;

    public static void Emit32(uint v)
    {
        Emit((byte)v);
        Emit((byte)(v >> 8));
        Emit((byte)(v >> 16));
        Emit((byte)(v >> 24));
    }

    public static void Op(byte a, byte b)
    {
        Emit(a);
        Emit(b);
    }

    /// <summary>A memory form on [eax + disp8]: <paramref name="form"/> is opcode * 16 + reg.</summary>
    public static void Mem(int form, int disp)
    {
        Emit((byte)(form >> 4));
        Emit((byte)(0x40 | ((form & 7) << 3)));
        Emit((byte)disp);
    }

    public static void In(int form, int slot) => Mem(form, slot * 16 - 0x80);

    public static void Out(int form, int slot) => Mem(form, slot * 16);

    /// <summary>EFLAGS to output slot <paramref name="slot"/> (pushfd; pop dword [eax+disp]).</summary>
    public static void Flags(int slot)
    {
        Emit(0x9C);
        Emit(0x8F);
        Emit(0x40);
        Emit((byte)(slot * 16));
    }

    public static void Put80(int slot, ushort signExponent, ulong significand)
    {
        *(ulong*)(Data + slot * 16) = significand;
        *(ushort*)(Data + slot * 16 + 8) = signExponent;
    }

    public static void Put64(int slot, ulong v) => *(ulong*)(Data + slot * 16) = v;

    public static void Put32(int slot, uint v) => *(uint*)(Data + slot * 16) = v;

    public static void Put16(int slot, ushort v) => *(ushort*)(Data + slot * 16) = v;

    /// <summary>
    /// Ends with FNSAVE, runs, prints "name: fcw fsw ftw | st(i).. | outputs". <paramref name="outputs"/>
    /// lists output slot formats: w (16-bit), d (32), q (64), t (80), f (EFLAGS ZF PF CF), s (status word,
    /// masked like FSW), x (status word with C1, for FXAM/FPREM), e (a 14-byte environment as words), b (80-bit packed BCD bytes).
    /// </summary>
    public static void Run(string name, string outputs = "")
    {
        Emit(0x8D);                                   // lea ecx, [eax + 100h - 80h]
        Emit(0x88);
        Emit32(0x80);
        Op(0xDD, 0x31);                               // fnsave [ecx]
        Emit(0xC3);
        ((delegate* unmanaged<void>)s_code)();

        byte* image = Data + 0x100;
        Serial.Write(name);
        Serial.Write(": cw ");
        Serial.WriteHex(*(ushort*)image, 4);
        Serial.Write(" sw ");
        Serial.WriteHex((uint)(*(ushort*)(image + 4) & StatusMask), 4);
        Serial.Write(" tw ");
        ushort tags = *(ushort*)(image + 8);
        Serial.WriteHex(tags, 4);
        int top = (*(ushort*)(image + 4) >> 11) & 7;
        for (int i = 0; i < 8; i++)
        {
            int physical = (top + i) & 7;
            if (((tags >> (2 * physical)) & 3) == 3)
                continue;
            Serial.Write(" st");
            Serial.WriteDecimal((uint)i);
            Serial.Write('=');
            WriteFloat80(image + 28 + 10 * i);
        }
        if (outputs.Length > 0)
            Serial.Write(" |");
        for (int k = 0; k < outputs.Length; k++)
        {
            byte* p = Data + 0x80 + 16 * k;
            Serial.Write(' ');
            switch (outputs[k])
            {
                case 'w': Serial.WriteHex(*(ushort*)p, 4); break;
                case 's': Serial.WriteHex((uint)(*(ushort*)p & StatusMask), 4); break;
                case 'x': Serial.WriteHex((uint)(*(ushort*)p & 0xFFFD), 4); break;
                case 'd': Serial.WriteHex(*(uint*)p, 8); break;
                case 'f': Serial.WriteHex(*(uint*)p & 0x45, 2); break;
                case 'q': Serial.WriteHex((uint)(*(ulong*)p >> 32), 8); Serial.WriteHex(*(uint*)p, 8); break;
                case 't': WriteFloat80(p); break;
                case 'e':
                    for (int j = 0; j < 7; j++)
                    {
                        if (j > 0)
                            Serial.Write('.');
                        Serial.WriteHex(((ushort*)p)[j], 4);
                    }
                    break;
                case 'b':
                    for (int j = 9; j >= 0; j--)
                        Serial.WriteHex(p[j], 2);
                    break;
                default: Serial.Write('?'); break;
            }
        }
        Serial.Write('\n');
    }

    public static void WriteFloat80(byte* p)
    {
        Serial.WriteHex(*(ushort*)(p + 8), 4);
        Serial.Write(':');
        ulong m = *(ulong*)p;
        Serial.WriteHex((uint)(m >> 32), 8);
        Serial.WriteHex((uint)m, 8);
    }
}

/// <summary>The control-register stubs this test needs besides PlatformCommon's.</summary>
internal static unsafe class ControlRegisters
{
    [DllImport("*", EntryPoint = "cpu_read_cr0")] [SuppressGCTransition] public static extern uint ReadCr0();
    [DllImport("*", EntryPoint = "cpu_write_cr0")] [SuppressGCTransition] public static extern void WriteCr0(uint value);
    [DllImport("*", EntryPoint = "cpu_lidt")] [SuppressGCTransition] public static extern void LoadIdt(void* pseudoDescriptor);
}
