namespace PcEmu.Devices.Ps2;

/// <summary>
/// A key of a 104/105-key PC keyboard. The value is the key's scan code set 2 make code;
/// 0x100 marks codes sent with the 0xE0 prefix. PrintScreen and Pause send sequences of
/// their own (see <see cref="ScanCodes"/>). Names follow the US layout (the key, not the
/// character: the guest's keymap decides the character).
/// </summary>
public enum PcKey : ushort
{
    None = 0,
    Escape = 0x76,
    F1 = 0x05, F2 = 0x06, F3 = 0x04, F4 = 0x0C, F5 = 0x03, F6 = 0x0B,
    F7 = 0x83, F8 = 0x0A, F9 = 0x01, F10 = 0x09, F11 = 0x78, F12 = 0x07,
    Backquote = 0x0E,
    D1 = 0x16, D2 = 0x1E, D3 = 0x26, D4 = 0x25, D5 = 0x2E, D6 = 0x36, D7 = 0x3D, D8 = 0x3E, D9 = 0x46, D0 = 0x45,
    Minus = 0x4E, Equals = 0x55, Backspace = 0x66, Tab = 0x0D,
    Q = 0x15, W = 0x1D, E = 0x24, R = 0x2D, T = 0x2C, Y = 0x35, U = 0x3C, I = 0x43, O = 0x44, P = 0x4D,
    LeftBracket = 0x54, RightBracket = 0x5B, Backslash = 0x5D,
    CapsLock = 0x58,
    A = 0x1C, S = 0x1B, D = 0x23, F = 0x2B, G = 0x34, H = 0x33, J = 0x3B, K = 0x42, L = 0x4B,
    Semicolon = 0x4C, Apostrophe = 0x52, Enter = 0x5A,
    LeftShift = 0x12, IntlBackslash = 0x61,
    Z = 0x1A, X = 0x22, C = 0x21, V = 0x2A, B = 0x32, N = 0x31, M = 0x3A,
    Comma = 0x41, Period = 0x49, Slash = 0x4A, RightShift = 0x59,
    LeftCtrl = 0x14, LeftAlt = 0x11, Space = 0x29,
    RightAlt = 0x111, RightCtrl = 0x114, LeftWindows = 0x11F, RightWindows = 0x127, Menu = 0x12F,
    Insert = 0x170, Delete = 0x171, Home = 0x16C, End = 0x169, PageUp = 0x17D, PageDown = 0x17A,
    Up = 0x175, Down = 0x172, Left = 0x16B, Right = 0x174,
    NumLock = 0x77, ScrollLock = 0x7E,
    KeypadDivide = 0x14A, KeypadMultiply = 0x7C, KeypadMinus = 0x7B, KeypadPlus = 0x79, KeypadEnter = 0x15A,
    KeypadPeriod = 0x71,
    Keypad0 = 0x70, Keypad1 = 0x69, Keypad2 = 0x72, Keypad3 = 0x7A, Keypad4 = 0x6B,
    Keypad5 = 0x73, Keypad6 = 0x74, Keypad7 = 0x6C, Keypad8 = 0x75, Keypad9 = 0x7D,
    /// <summary>Make: E0 12 E0 7C; break: E0 F0 7C E0 F0 12.</summary>
    PrintScreen = 0x27C,
    /// <summary>Make only: E1 14 77 E1 F0 14 F0 77.</summary>
    Pause = 0x277,
}

/// <summary>Mouse buttons as the host reports them (also the low bits of a PS/2 packet's first byte).</summary>
[Flags]
public enum PcMouseButtons : byte
{
    None = 0,
    Left = 0x01,
    Right = 0x02,
    Middle = 0x04,
}

/// <summary>
/// The one way host input enters the PC: the CLI, the desktop window and tests all call
/// this. Key events are physical keys; mouse motion is in host screen terms.
/// </summary>
public interface IPcInput
{
    void KeyDown(PcKey key);

    void KeyUp(PcKey key);

    /// <summary>Relative motion: <paramref name="dx"/> to the right, <paramref name="dy"/> down the screen; wheel steps towards the user are positive.</summary>
    void MouseMove(int dx, int dy, PcMouseButtons buttons, int wheel = 0);
}
