using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace PcEmu.Machine.Tests.Support;

/// <summary>
/// Tiny flat 32-bit multiboot kernels assembled with Iced: one ELF segment at 1 MiB holding
/// the multiboot header, then the code at <see cref="Entry"/>.
/// </summary>
internal static class TestKernels
{
    public const uint LoadAddress = 0x100000;
    public const uint Entry = LoadAddress + 0x10;
    public const ushort Com1 = 0x3F8;
    public const ushort DebugExit = 0xF4;

    /// <summary>Prints <paramref name="text"/> on COM1 (or the UART at <paramref name="port"/>), then writes <paramref name="exitValue"/> to port 0xF4.</summary>
    public static byte[] PrintAndExit(string text, byte exitValue, ushort port = Com1) => Build(a =>
    {
        a.mov(dx, port);
        foreach (char c in text)
        {
            a.mov(al, (byte)c);
            a.@out(dx, al);
        }
        a.mov(dx, DebugExit);
        a.mov(al, exitValue);
        a.@out(dx, al);
        a.hlt();
    });

    /// <summary>Spins forever.</summary>
    public static byte[] Spin() => Build(a =>
    {
        Label loop = a.CreateLabel();
        a.Label(ref loop);
        a.jmp(loop);
    });

    /// <summary>CLI; HLT.</summary>
    public static byte[] HaltWithInterruptsOff() => Build(a =>
    {
        a.cli();
        a.hlt();
    });

    /// <summary>INT 0x30 with the empty IDT the multiboot state leaves: #GP, #DF, triple fault.</summary>
    public static byte[] TripleFault() => Build(a =>
    {
        a.@int(0x30);
        a.hlt();
    });

    /// <summary>Stores EAX (the loader magic) and EBX (the info address) to port 0xE9, then exits with 0x10.</summary>
    public static byte[] ReportRegisters() => Build(a =>
    {
        a.mov(dx, 0xE9);
        a.mov(ecx, 4);
        Label loopEax = a.CreateLabel();
        a.Label(ref loopEax);
        a.@out(dx, al);
        a.shr(eax, 8);
        a.dec(ecx);
        a.jnz(loopEax);
        a.mov(eax, ebx);
        a.mov(ecx, 4);
        Label loopEbx = a.CreateLabel();
        a.Label(ref loopEbx);
        a.@out(dx, al);
        a.shr(eax, 8);
        a.dec(ecx);
        a.jnz(loopEbx);
        a.mov(dx, DebugExit);
        a.mov(al, 0x10);
        a.@out(dx, al);
        a.hlt();
    });

    /// <summary>
    /// Interrupt-driven echo: loads a flat GDT and an IDT, programs the PICs (master vectors
    /// 0x20, only IRQ 4 unmasked), enables COM1's received-data interrupt, then HLTs in a loop
    /// with interrupts on. The IRQ 4 handler echoes each byte and exits with 0x10 after '!'.
    /// </summary>
    public static byte[] InterruptEcho() => BuildWithAddresses((a, place, label, address) =>
    {
        EmitInterruptDrivenIdle(a, place, label, address, irq: 4, masterMask: 0xEF, new (ushort, byte)[]
        {
            (Com1 + 4, 0x0B), // MCR: DTR, RTS, OUT2
            (Com1 + 1, 0x01), // IER: received data available
        });

        place("handler");
        a.mov(dx, Com1);
        a.@in(al, dx);
        a.@out(dx, al);
        a.mov(bl, al);
        a.mov(al, 0x20);
        a.@out(0x20, al); // EOI to the master
        a.cmp(bl, (byte)'!');
        a.jne(label("notDone"));
        a.mov(al, 0x10);
        a.@out((byte)DebugExit, al);
        place("notDone");
        a.iretd();
    });

    /// <summary>
    /// PIT channel 0 at 100 Hz (mode 2, divisor 11932) on IRQ 0, the only unmasked IRQ; HLTs in
    /// a loop with interrupts on; the IRQ 0 handler counts ticks and exits with 0x10 after
    /// <paramref name="ticks"/> of them. An idle guest: nearly all its time is spent halted.
    /// </summary>
    public static byte[] TimerTicks(int ticks) => BuildWithAddresses((a, place, label, address) =>
    {
        EmitInterruptDrivenIdle(a, place, label, address, irq: 0, masterMask: 0xFE, new (ushort, byte)[]
        {
            (0x43, 0x34), (0x40, 11932 & 0xFF), (0x40, 11932 >> 8),
        });

        place("handler");
        a.mov(ebx, address("counter"));
        a.inc(__dword_ptr[ebx]);
        a.mov(al, 0x20);
        a.@out(0x20, al);
        a.cmp(__dword_ptr[ebx], ticks);
        a.jb(label("notDone"));
        a.mov(al, 0x10);
        a.@out((byte)DebugExit, al);
        place("notDone");
        a.iretd();
    });

    /// <summary>
    /// The common start of the interrupt-driven kernels: a flat GDT (0x08 code, 0x10 data), an
    /// IDT whose entry for <paramref name="irq"/> (vector 0x20 + irq) is a 32-bit interrupt gate
    /// to the label "handler", a dword at "counter", the 8259A pair initialised (ICW1-ICW4,
    /// master at 0x20, slave at 0x28) with <paramref name="masterMask"/> and the slave masked,
    /// then <paramref name="devicePorts"/> written in order, STI and an idle HLT loop.
    /// The caller places "handler" after this.
    /// </summary>
    private static void EmitInterruptDrivenIdle(
        Assembler a, Action<string> place, Func<string, Label> label, Func<string, uint> address,
        int irq, byte masterMask, (ushort Port, byte Value)[] devicePorts)
    {
        a.jmp(label("start"));

        place("gdt");
        a.dq(0);
        a.dq(0x00CF9A000000FFFF); // 0x08: flat code
        a.dq(0x00CF92000000FFFF); // 0x10: flat data
        place("gdtr");
        a.dw(23);
        a.dd(address("gdt"));
        place("idtr");
        a.dw(256 * 8 - 1);
        a.dd(address("idt"));
        place("counter");
        a.dd(0);
        place("idt");
        a.db(new byte[256 * 8]);

        place("start");
        a.mov(esp, 0x90000); // multiboot leaves ESP undefined
        a.mov(ebx, address("gdtr"));
        a.lgdt(__[ebx]);
        a.mov(eax, address("reload"));
        a.push(0x08);
        a.push(eax);
        a.retf();
        place("reload");
        a.mov(ax, 0x10);
        a.mov(ds, ax);
        a.mov(es, ax);
        a.mov(ss, ax);

        a.mov(eax, address("handler"));
        a.mov(edi, address("idt") + (uint)(0x20 + irq) * 8);
        a.mov(__word_ptr[edi], ax);
        a.mov(__word_ptr[edi + 2], 0x08);
        a.mov(__word_ptr[edi + 4], 0x8E00); // present, DPL 0, 32-bit interrupt gate
        a.shr(eax, 16);
        a.mov(__word_ptr[edi + 6], ax);
        a.mov(ebx, address("idtr"));
        a.lidt(__[ebx]);

        (ushort, byte)[] picSetup =
        {
            (0x20, 0x11), (0x21, 0x20), (0x21, 0x04), (0x21, 0x01),
            (0xA0, 0x11), (0xA1, 0x28), (0xA1, 0x02), (0xA1, 0x01),
            (0x21, masterMask), (0xA1, 0xFF),
        };
        foreach ((ushort port, byte value) in picSetup.Concat(devicePorts))
        {
            a.mov(dx, port);
            a.mov(al, value);
            a.@out(dx, al);
        }
        a.sti();
        place("idle");
        a.hlt();
        a.jmp(label("idle"));
    }

    private delegate void AddressedEmitter(Assembler a, Action<string> place, Func<string, Label> label, Func<string, uint> address);

    /// <summary>
    /// Assembles twice so that code can use label addresses as 32-bit immediates (Iced's label
    /// memory operands are RIP-relative, 64-bit only): the first pass finds the addresses, the
    /// second uses them. Only use addresses where the encoding size does not depend on the value.
    /// </summary>
    private static byte[] BuildWithAddresses(AddressedEmitter emit)
    {
        Dictionary<string, uint> addresses = new();
        byte[] code = Array.Empty<byte>();
        for (int pass = 0; pass < 2; pass++)
        {
            Assembler a = new(32);
            Dictionary<string, Label> labels = new();
            Label Get(string name)
            {
                if (!labels.TryGetValue(name, out Label l))
                    labels[name] = l = a.CreateLabel(name);
                return l;
            }
            void Place(string name)
            {
                Label l = Get(name);
                a.Label(ref l);
                labels[name] = l;
            }
            emit(a, Place, Get, name => addresses.GetValueOrDefault(name));
            using MemoryStream stream = new();
            AssemblerResult result = a.Assemble(new StreamCodeWriter(stream), Entry, BlockEncoderOptions.ReturnNewInstructionOffsets);
            foreach ((string name, Label l) in labels)
                addresses[name] = (uint)result.GetLabelRIP(l);
            code = stream.ToArray();
        }
        return Wrap(code);
    }

    /// <summary>
    /// The kernel <paramref name="emit"/> assembles at <see cref="Entry"/>, as an ELF image; <paramref name="data"/>,
    /// when given, is placed at its offset from <see cref="LoadAddress"/> in the same segment (after the code).
    /// </summary>
    public static byte[] Build(Action<Assembler> emit, (int Offset, byte[] Bytes)? data = null)
    {
        Assembler assembler = new(32);
        emit(assembler);
        using MemoryStream code = new();
        assembler.Assemble(new StreamCodeWriter(code), Entry);
        return Wrap(code.ToArray(), data);
    }

    private static byte[] Wrap(byte[] code, (int Offset, byte[] Bytes)? data = null)
    {
        int length = 0x10 + code.Length;
        if (data is { } d)
        {
            if (d.Offset < length)
                throw new ArgumentException($"data at 0x{d.Offset:X} overlaps the code, which ends at 0x{length:X}");
            length = d.Offset + d.Bytes.Length;
        }
        byte[] segment = new byte[length];
        Elf32Builder.MultibootHeader().CopyTo(segment, 0);
        code.CopyTo(segment, 0x10);
        data?.Bytes.CopyTo(segment, data.Value.Offset);
        Elf32Builder elf = new() { Entry = Entry };
        elf.AddSegment(LoadAddress, segment);
        return elf.Build();
    }
}
