namespace GuestOs.Kernel;

/// <summary>
/// The two 8259A PICs, remapped so IRQ 0-15 arrive on vectors 0x20-0x2F (8259A datasheet,
/// ICW1-ICW4). Every line starts masked except the timer and the cascade.
/// </summary>
internal static class Pic
{
    public const int VectorBase = 0x20;
    private const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;
    private const byte EndOfInterrupt = 0x20;
    private static ushort s_mask = 0xFFFF;

    public static void Initialize()
    {
        Cpu.Out8(MasterCommand, 0x11);      // ICW1: edge, cascade, ICW4 follows
        Cpu.Out8(SlaveCommand, 0x11);
        Cpu.Out8(MasterData, VectorBase);   // ICW2: vector base
        Cpu.Out8(SlaveData, VectorBase + 8);
        Cpu.Out8(MasterData, 0x04);         // ICW3: slave on IRQ 2
        Cpu.Out8(SlaveData, 0x02);
        Cpu.Out8(MasterData, 0x01);         // ICW4: 8086 mode
        Cpu.Out8(SlaveData, 0x01);
        s_mask = 0xFFFF;
        Unmask(2);
        WriteMask();
    }

    public static void Mask(int irq)
    {
        s_mask |= (ushort)(1 << irq);
        WriteMask();
    }

    public static void Unmask(int irq)
    {
        s_mask &= (ushort)~(1 << irq);
        WriteMask();
    }

    public static void EndOfInterruptFor(int irq)
    {
        if (irq >= 8)
            Cpu.Out8(SlaveCommand, EndOfInterrupt);
        Cpu.Out8(MasterCommand, EndOfInterrupt);
    }

    private static void WriteMask()
    {
        Cpu.Out8(MasterData, (byte)s_mask);
        Cpu.Out8(SlaveData, (byte)(s_mask >> 8));
    }
}
