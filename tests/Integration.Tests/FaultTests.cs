using GuestOs.Build.Stubs;
using PcEmu.Machine;
using static Iced.Intel.AssemblerRegisters;

namespace Integration.Tests;

/// <summary>
/// What a guest gets when it runs something the CPU cannot execute: #UD delivered to its
/// own handler (and one clear diagnostic on the host), or, with no way to deliver the
/// fault, a triple fault that stops the run with a reason. The host never crashes.
/// </summary>
public sealed class FaultTests
{
    // VZEROUPPER: AVX, absent from a P6-class CPU (and from QEMU's default qemu32 model),
    // so it must raise #UD on both machines.
    private static readonly byte[] VzeroUpper = { 0xC5, 0xF8, 0x77 };

    private static byte[] InvalidInstructionKernel() => TestKernels.Link("invalid-instruction", b =>
    {
        var a = b.Asm;
        b.Function("_start");
        TestKernels.LoadFlatGdt(b);
        TestKernels.InstallInterruptGate(b, 6, "_ud_handler");
        a.xor(ebx, ebx);                               // #UD count
        var again = b.Local("again");
        b.Function("_faulting");
        a.db(VzeroUpper);
        a.cmp(ebx, 2);
        a.jb(again);
        TestKernels.Print(b, "two #UD handled\n");
        TestKernels.Exit(b, 0x10);

        // The handler checks that the saved EIP is the faulting instruction, then skips it.
        b.Function("_ud_handler");
        b.EmitWithAbsolute(new byte[] { 0xB8 }, "_faulting");     // mov eax, _faulting
        a.cmp(__dword_ptr[esp], eax);
        var wrong = a.CreateLabel();
        a.jne(wrong);
        TestKernels.Print(b, "#UD at the faulting instruction\n");
        a.inc(ebx);
        a.add(__dword_ptr[esp], VzeroUpper.Length);
        a.iretd();
        a.Label(ref wrong);
        TestKernels.Print(b, "#UD with a wrong EIP\n");
        TestKernels.Exit(b, 0x11);
    });

    private static byte[] TripleFaultKernel() => TestKernels.Link("triple-fault", b =>
    {
        var a = b.Asm;
        b.Function("_start");
        TestKernels.Print(b, "about to fault\n");
        a.mov(__word_ptr[TestKernels.DescriptorPointer], 0);        // an empty IDT: nothing can be delivered
        a.mov(__dword_ptr[TestKernels.DescriptorPointer + 2], 0);
        a.lidt(__[TestKernels.DescriptorPointer]);
        a.ud2();
        TestKernels.Print(b, "still running?\n");
        TestKernels.Exit(b, 0x11);
    });

    [Fact]
    public void Invalid_instruction_raises_UD_in_the_guest_and_is_reported_once()
    {
        PcemuRunner.Result run = PcemuRunner.RunKernel(InvalidInstructionKernel(), "invalid-instruction", maxInstructions: 1_000_000);

        Assert.Equal("#UD at the faulting instruction\n#UD at the faulting instruction\ntwo #UD handled\n", run.Serial);
        Assert.Equal(MachineExitKind.GuestExit, run.Machine.Kind);
        Assert.Equal(0x21u, run.Machine.ExitCode);
        string report = Assert.Single(run.Diagnostics);
        Assert.Contains("C5 F8 77", report);
        Assert.Contains("#UD", report);
    }

    [Fact]
    public void Invalid_instruction_behaves_as_on_qemu()
    {
        byte[] kernel = InvalidInstructionKernel();
        string path = Path.Combine(Path.GetTempPath(), $"pcemu-ud-{Environment.ProcessId}.elf");
        File.WriteAllBytes(path, kernel);
        try
        {
            QemuReference.Result qemu = QemuReference.RunKernel(path);
            PcemuRunner.Result pcemu = PcemuRunner.RunKernel(kernel, "invalid-instruction", maxInstructions: 1_000_000);
            Assert.Equal(qemu.Serial, pcemu.Serial);
            Assert.Equal((uint)qemu.ExitCode, pcemu.Machine.ExitCode);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Triple_fault_stops_the_run_with_a_reason()
    {
        PcemuRunner.Result run = PcemuRunner.RunKernel(TripleFaultKernel(), "triple-fault", maxInstructions: 1_000_000);

        Assert.Equal("about to fault\n", run.Serial);
        Assert.Equal(MachineExitKind.Shutdown, run.Machine.Kind);
        Assert.Contains("triple fault", run.Machine.Reason, StringComparison.OrdinalIgnoreCase);
    }
}
