namespace PcEmu.Devices.Rtl8139;

/// <summary>
/// A 93C46 serial EEPROM in x16 organisation: 64 words, a 6-bit address, driven bit by bit
/// through chip select (CS), serial clock (SK) and data in (DI), answering on data out (DO).
/// The RTL8139 wires these pins to 9346CR EECS/EESK/EEDI/EEDO in programming mode.
/// <para>
/// Protocol (93C46 datasheet, "Instruction set"): with CS high, a 1 on DI at a rising SK edge
/// is the start bit; the next 2 bits are the opcode and the next 6 the address, each sampled
/// on a rising edge. READ (10) then drives a dummy 0 and shifts the word out MSB first, one
/// bit per rising edge, continuing into the next words (sequential read). WRITE (01) and
/// WRAL (00 01xxxx) shift in 16 data bits; ERASE (11), ERAL (00 10xxxx) set words to 0xFFFF;
/// EWEN (00 11xxxx) and EWDS (00 00xxxx) enable and disable programming, disabled at power-on.
/// Dropping CS ends any instruction. Programming completes at once (DO reads 1, ready).
/// </para>
/// </summary>
public sealed class Eeprom93C46
{
    public const int WordCount = 64;
    private const int AddressBits = 6;

    private readonly ushort[] _words = new ushort[WordCount];
    private State _state;
    private int _shift;
    private int _bits;
    private int _address;
    private bool _opWriteAll;
    private bool _clock;
    private bool _writeEnabled;

    public Eeprom93C46(ReadOnlySpan<ushort> image)
    {
        if (image.Length > WordCount)
            throw new ArgumentException($"a 93C46 holds {WordCount} words, not {image.Length}", nameof(image));
        image.CopyTo(_words);
    }

    private enum State
    {
        Idle,
        Command,
        Reading,
        WritingData,
    }

    /// <summary>The level of the DO pin.</summary>
    public bool DataOut { get; private set; }

    public ushort this[int address] => _words[address & (WordCount - 1)];

    /// <summary>A copy of the contents (for snapshots and for the host to save a programmed image).</summary>
    public ushort[] ToArray() => (ushort[])_words.Clone();

    /// <summary>Drives the three input pins; the EEPROM acts on the rising edge of SK.</summary>
    public void SetPins(bool chipSelect, bool clock, bool dataIn)
    {
        if (!chipSelect)
        {
            _state = State.Idle;
            _clock = clock;
            DataOut = false;
            return;
        }
        bool rising = clock && !_clock;
        _clock = clock;
        if (rising)
            Clock(dataIn);
    }

    /// <summary>Restores the contents (snapshot load).</summary>
    public void Load(ReadOnlySpan<ushort> words)
    {
        Array.Clear(_words);
        words[..Math.Min(words.Length, WordCount)].CopyTo(_words);
        _state = State.Idle;
    }

    private void Clock(bool dataIn)
    {
        int bit = dataIn ? 1 : 0;
        switch (_state)
        {
            case State.Idle:
                if (dataIn)
                {
                    _state = State.Command;
                    _shift = 0;
                    _bits = 0;
                }
                break;
            case State.Command:
                _shift = (_shift << 1) | bit;
                if (++_bits == 2 + AddressBits)
                    Decode(_shift >> AddressBits, _shift & (WordCount - 1));
                break;
            case State.Reading:
                DataOut = (_shift & 0x8000) != 0;
                _shift = (_shift << 1) & 0xFFFF;
                if (++_bits == 16)
                {
                    _address = (_address + 1) & (WordCount - 1);
                    _shift = _words[_address];
                    _bits = 0;
                }
                break;
            case State.WritingData:
                _shift = (_shift << 1) | bit;
                if (++_bits == 16)
                {
                    if (_writeEnabled)
                    {
                        if (_opWriteAll)
                            Array.Fill(_words, (ushort)_shift);
                        else
                            _words[_address] = (ushort)_shift;
                    }
                    _state = State.Idle;
                    DataOut = true; // ready
                }
                break;
        }
    }

    private void Decode(int opcode, int address)
    {
        _address = address;
        _bits = 0;
        _shift = 0;
        _state = State.Idle;
        switch (opcode)
        {
            case 0b10: // READ
                _state = State.Reading;
                _shift = _words[address];
                DataOut = false; // the dummy zero
                break;
            case 0b01: // WRITE
                _state = State.WritingData;
                _opWriteAll = false;
                break;
            case 0b11: // ERASE
                if (_writeEnabled)
                    _words[address] = 0xFFFF;
                DataOut = true;
                break;
            default:
                switch (address >> (AddressBits - 2))
                {
                    case 0b11:
                        _writeEnabled = true; // EWEN
                        break;
                    case 0b00:
                        _writeEnabled = false; // EWDS
                        break;
                    case 0b10: // ERAL
                        if (_writeEnabled)
                            Array.Fill(_words, (ushort)0xFFFF);
                        DataOut = true;
                        break;
                    case 0b01: // WRAL
                        _state = State.WritingData;
                        _opWriteAll = true;
                        break;
                }
                break;
        }
    }
}
