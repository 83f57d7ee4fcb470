namespace PcEmu.Devices.Vga;

/// <summary>
/// A snapshot of a <see cref="VgaAdapter"/>. <see cref="Version"/> grows when fields are added; a
/// field added later must name its version in its doc comment.
/// </summary>
public sealed record VgaState(
    int Version,
    byte MiscOutput,
    byte FeatureControl,
    byte[] Sequencer,
    byte[] Crtc,
    byte[] Graphics,
    byte[] Attribute,
    byte[] Dac,
    byte SequencerIndex,
    byte CrtcIndex,
    byte GraphicsIndex,
    byte AttributeIndex,
    bool AttributeFlipFlopData,
    byte PelMask,
    byte DacReadIndex,
    byte DacWriteIndex,
    int DacComponent,
    bool DacReading,
    byte[] DacLatch,
    byte[] Latches,
    byte[] Planes,
    BochsVbeState Vbe)
{
    public const int CurrentVersion = 1;
}

/// <summary>A snapshot of the <see cref="BochsVbe"/> registers and framebuffer.</summary>
public sealed record BochsVbeState(int Version, byte Index, ushort[] Registers, byte[] Framebuffer)
{
    public const int CurrentVersion = 1;
}
