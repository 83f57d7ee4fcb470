using Iced.Intel;

namespace PcEmu.Cpu;

/// <summary>
/// FOP, the 11-bit opcode of the last non-control x87 instruction (SDM Vol. 1, 8.1.9: the low three bits
/// of the first opcode byte, then the ModR/M byte), rebuilt from the decoded instruction: the ModR/M
/// reg field is the opcode group, and mod/rm follow from the register or addressing form.
/// </summary>
public sealed partial class X86Cpu
{
    private static ushort FpuOpcode(ref Instruction i)
    {
        OpCodeInfo info = i.OpCode;
        if (info.OpCode > 0xFF)
        {
            // Register forms are two-byte opcodes in Iced ("DE F8+i"): the second byte is ModR/M plus i.
            int rm = 0;
            for (int k = 0; k < i.OpCount; k++)
            {
                if (i.GetOpKind(k) == OpKind.Register && i.GetOpRegister(k) is >= Register.ST1 and <= Register.ST7)
                    rm = StIndex(i.GetOpRegister(k));
            }
            return (ushort)((((info.OpCode >> 8) & 7) << 8) | ((info.OpCode & 0xFF) + rm));
        }
        int reg = info.GroupIndex >= 0 ? info.GroupIndex : 0;
        int modrm = (MemoryMod(ref i) << 6) | (reg << 3) | MemoryRm(ref i);
        return (ushort)(((int)(info.OpCode & 7) << 8) | modrm);
    }

    /// <summary>mod: 00 without a base register (displacement only, or SIB without a base), else by displacement size.</summary>
    private static int MemoryMod(ref Instruction i)
    {
        if (i.MemoryBase == Register.None)
            return 0;
        return i.MemoryDisplSize switch
        {
            0 => 0,
            1 => 1,
            _ => 2,
        };
    }

    private static int MemoryRm(ref Instruction i)
    {
        Register b = i.MemoryBase, x = i.MemoryIndex;
        if (Address16(ref i))
        {
            return (b, x) switch
            {
                (Register.BX, Register.SI) => 0,
                (Register.BX, Register.DI) => 1,
                (Register.BP, Register.SI) => 2,
                (Register.BP, Register.DI) => 3,
                (Register.SI, Register.None) => 4,
                (Register.DI, Register.None) => 5,
                (Register.BP, Register.None) => 6,
                (Register.BX, Register.None) => 7,
                _ => 6,                                  // disp16 only
            };
        }
        if (x != Register.None || b == Register.ESP)
            return 4;                                    // SIB
        if (b == Register.None)
            return 5;                                    // disp32 only
        return b - Register.EAX;
    }
}
