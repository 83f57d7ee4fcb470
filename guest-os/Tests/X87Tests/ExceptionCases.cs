namespace GuestOs.Tests.Platform;

/// <summary>
/// Unmasked exceptions: FSW.ES/B are set and the next FWAIT raises #MF (CR0.NE = 1). The #MF gate
/// points at a hand-encoded handler that stores FSW, clears the exceptions (FNCLEX), counts and
/// returns to the FWAIT, which then completes.
/// </summary>
internal static unsafe class ExceptionCases
{
    private static uint* s_handlerData;   // [0] = count, [1] = FSW seen by the handler

    /// <summary>Builds the handler at <paramref name="code"/> and points IDT vector 16 at it.</summary>
    public static void Install(byte* code, ulong* idt, uint* handlerData)
    {
        s_handlerData = handlerData;
        byte* p = code;
        *p++ = 0xDD; *p++ = 0x3D; *(uint*)p = (uint)(handlerData + 1); p += 4;   // fnstsw [abs]
        *p++ = 0xDB; *p++ = 0xE2;                                                // fnclex
        *p++ = 0xFF; *p++ = 0x05; *(uint*)p = (uint)handlerData; p += 4;         // inc dword [abs]
        *p++ = 0xCF;                                                             // iretd
        uint handler = (uint)code;
        idt[16] = (handler & 0xFFFFUL) | (0x08UL << 16) | (0x8E00UL << 32) | ((ulong)(handler >> 16) << 48);
    }

    private static void Report(string name)
    {
        Serial.Write(name);
        Serial.Write(" #MF count ");
        Serial.WriteDecimal(s_handlerData[0]);
        Serial.Write(" handler sw ");
        Serial.WriteHex(s_handlerData[1] & X87Code.StatusMask, 4);
        Serial.Write('\n');
        s_handlerData[0] = 0;
        s_handlerData[1] = 0;
    }

    public static void Run()
    {
        // Unmasked divide by zero: #MF at the FWAIT. The hardware leaves the destination and TOP alone
        // (SDM Vol. 1, 8.5.3); QEMU stores the masked result and pops, so registers and TOP are not printed.
        X87Code.Begin(0x037B);
        X87Code.StatusMask = 0xC7FD;
        X87Code.Op(0xD9, 0xE8); X87Code.Op(0xD9, 0xEE); X87Code.Op(0xDE, 0xF9); // 1/0
        X87Code.Emit(0x9B);                                                     // fwait
        X87Code.Out(X87Code.FnstswM, 0);
        X87Code.Op(0xDD, 0xD8); X87Code.Op(0xDB, 0xE3);
        X87Code.Run("unmasked ze", "s");
        Report("unmasked ze");

        // Unmasked invalid: sqrt(-1).
        X87Code.Begin(0x037E);
        X87Code.StatusMask = 0xC7FD;
        X87Code.Op(0xD9, 0xE8); X87Code.Op(0xD9, 0xE0); X87Code.Op(0xD9, 0xFA);
        X87Code.Emit(0x9B);
        X87Code.Op(0xDB, 0xE3);
        X87Code.Run("unmasked ie");
        Report("unmasked ie");

        // Unmasked precision: the rounded result is delivered, then #MF.
        X87Code.Begin(0x035F);
        X87Code.Put80(0, V.TwoE, V.Three);
        X87Code.Op(0xD9, 0xE8); X87Code.In(X87Code.FldM80, 0); X87Code.Op(0xDE, 0xF9);
        X87Code.Emit(0x9B);
        X87Code.Run("unmasked pe");
        Report("unmasked pe");

        // A masked exception never traps; FNSTSW after an unmasked one does not wait.
        X87Code.Begin(0x037B);
        X87Code.StatusMask = 0xC7FD;
        X87Code.Op(0xD9, 0xE8); X87Code.Op(0xD9, 0xEE); X87Code.Op(0xDE, 0xF9);
        X87Code.Out(X87Code.FnstswM, 0);
        X87Code.Op(0xDB, 0xE2);                                                 // fnclex
        X87Code.Out(X87Code.FnstswM, 1);
        X87Code.Emit(0x9B);
        X87Code.Op(0xDB, 0xE3);
        X87Code.Run("no-wait status", "ss");
        Report("no-wait status");
    }
}
