using Iced.Intel;

namespace GuestOs.Build.Stubs;

/// <summary>
/// Builds one object file of hand-written machine code with Iced's Assembler. Code goes to
/// <c>.text</c>; symbols are Iced labels whose final offsets are read back after assembly;
/// references to other symbols (in other objects, or in this object's data sections) are
/// emitted as zero placeholders with a COFF relocation, so that our linker resolves them
/// like any reference from ILC's output.
/// </summary>
public sealed class StubBuilder
{
    private readonly List<(string Name, Label Label)> _codeSymbols = new();
    private readonly List<PendingRelocation> _relocations = new();
    private readonly List<DataSymbol> _dataSymbols = new();

    private Label _lastLabel;
    private int _lastLabelPosition = -1;

    public Assembler Asm { get; } = new(32);

    /// <summary>Starts a global function: the next instruction is its first.</summary>
    public void Function(string symbol) => _codeSymbols.Add((symbol, Here()));

    /// <summary>A label inside the code that other stubs (or a data table) may refer to.</summary>
    public Label Local(string name) => Here();

    /// <summary>
    /// A label on the next instruction. Iced allows one label per instruction, so names given
    /// to the same place (aliases such as RhpAssignRefEAX and RhpCheckedAssignRefEAX) share it.
    /// </summary>
    private Label Here()
    {
        if (_lastLabelPosition == Asm.Instructions.Count)
            return _lastLabel;
        _lastLabel = Asm.CreateLabel();
        Asm.Label(ref _lastLabel);
        _lastLabelPosition = Asm.Instructions.Count;
        return _lastLabel;
    }

    /// <summary><c>call symbol</c> through a REL32 relocation.</summary>
    public void CallSymbol(string symbol) => EmitWithRelocation(new byte[] { 0xE8 }, symbol, RelocationKind.Relative32);

    /// <summary><c>jmp symbol</c> through a REL32 relocation.</summary>
    public void JumpSymbol(string symbol) => EmitWithRelocation(new byte[] { 0xE9 }, symbol, RelocationKind.Relative32);

    /// <summary>An instruction whose last four bytes are the absolute address of <paramref name="symbol"/> (DIR32).</summary>
    public void EmitWithAbsolute(byte[] opcodeBytes, string symbol) => EmitWithRelocation(opcodeBytes, symbol, RelocationKind.Absolute32);

    /// <summary>Reserves zero-initialised memory in <c>.bss</c> under a global symbol.</summary>
    public void Bss(string symbol, uint size, uint alignment) => _dataSymbols.Add(new DataSymbol(symbol, DataSection.Bss, new byte[size], alignment, null));

    /// <summary>Initialised data in <c>.data</c> under a global symbol.</summary>
    public void Data(string symbol, byte[] bytes, uint alignment = 4) => _dataSymbols.Add(new DataSymbol(symbol, DataSection.Data, bytes, alignment, null));

    /// <summary>A table of absolute addresses of code labels, in <c>.rdata</c> (DIR32 relocations).</summary>
    public void AddressTable(string symbol, IReadOnlyList<Label> entries)
        => _dataSymbols.Add(new DataSymbol(symbol, DataSection.ReadOnlyData, new byte[entries.Count * 4], 4, entries));

    private void EmitWithRelocation(byte[] opcodeBytes, string symbol, RelocationKind kind)
    {
        Label site = Here();
        byte[] bytes = new byte[opcodeBytes.Length + 4];
        opcodeBytes.CopyTo(bytes, 0);
        Asm.db(bytes);
        _relocations.Add(new PendingRelocation(site, opcodeBytes.Length, symbol, kind));
    }

    /// <summary>Assembles the code and returns the finished object description.</summary>
    public StubObject Build(string name)
    {
        var writer = new ByteWriter();
        AssemblerResult result = Asm.Assemble(writer, 0, BlockEncoderOptions.ReturnNewInstructionOffsets);
        uint Offset(Label label) => (uint)result.GetLabelRIP(label);

        var symbols = _codeSymbols.Select(s => new StubSymbol(s.Name, DataSection.Text, Offset(s.Label))).ToList();
        var relocations = _relocations
            .Select(r => new StubRelocation(DataSection.Text, Offset(r.Site) + (uint)r.OffsetInInstruction, r.Symbol, r.Kind))
            .ToList();

        var data = new List<StubData>();
        foreach (DataSymbol d in _dataSymbols)
        {
            data.Add(new StubData(d.Name, d.Section, d.Bytes, d.Alignment));
            if (d.Entries is null)
                continue;
            for (int i = 0; i < d.Entries.Count; i++)
            {
                // Each table slot holds its label's offset in .text; the relocation adds the base of .text.
                BitConverter.TryWriteBytes(d.Bytes.AsSpan(i * 4), Offset(d.Entries[i]));
                relocations.Add(new StubRelocation(d.Section, (uint)(i * 4), ".text", RelocationKind.Absolute32, d.Name));
            }
        }
        return new StubObject(name, writer.ToArray(), symbols, data, relocations);
    }

    private sealed class ByteWriter : CodeWriter
    {
        private readonly List<byte> _bytes = new();

        public override void WriteByte(byte value) => _bytes.Add(value);

        public byte[] ToArray() => _bytes.ToArray();
    }

    private sealed record PendingRelocation(Label Site, int OffsetInInstruction, string Symbol, RelocationKind Kind);

    private sealed record DataSymbol(string Name, DataSection Section, byte[] Bytes, uint Alignment, IReadOnlyList<Label>? Entries);
}

public enum DataSection { Text, ReadOnlyData, Data, Bss }

public enum RelocationKind { Absolute32, Relative32 }

public sealed record StubSymbol(string Name, DataSection Section, uint Offset);

public sealed record StubData(string Name, DataSection Section, byte[] Bytes, uint Alignment);

/// <summary>
/// A relocation at <paramref name="Offset"/> of <paramref name="Section"/>. <paramref name="Symbol"/> is a
/// global name, or ".text" for this object's own code. For data-section relocations,
/// <paramref name="InData"/> names the data symbol the offset is relative to.
/// </summary>
public sealed record StubRelocation(DataSection Section, uint Offset, string Symbol, RelocationKind Kind, string? InData = null);

public sealed record StubObject(string Name, byte[] Code, IReadOnlyList<StubSymbol> Symbols, IReadOnlyList<StubData> Data, IReadOnlyList<StubRelocation> Relocations);
