using System.Runtime.InteropServices;

namespace Internal.Runtime;

/// <summary>
/// What the runtime must do before the first line of guest C# runs. ILC describes the
/// module in a ReadyToRun header (<c>__ReadyToRunHeader</c>): a signature, then rows of
/// (section id, flags, start, end). We act on three sections:
/// <list type="bullet">
/// <item>GC static region (201): each entry points at a static base that refers to the MethodTable
///   of a "statics object" (low bit set = not yet created). We allocate it, copy in the data ILC
///   pre-initialised at compile time if any (bit 1), and store the object back.</item>
/// <item>Eager class constructors (205): static constructors to run now, in order.</item>
/// <item>Module initializers (213).</item>
/// </list>
/// On x86 the entries are 32-bit relative pointers (target minus the entry's own address).
/// </summary>
internal static unsafe class RuntimeInitialization
{
    private const uint ReadyToRunSignature = 0x00525452;      // "RTR"
    private const int GCStaticRegion = 201;
    private const int EagerClassConstructors = 205;
    private const int ModuleInitializers = 213;

    private const nint StaticUninitialized = 1;
    private const nint StaticHasPreinitializedData = 2;
    private const nint StaticFlagMask = 3;

    private struct ReadyToRunHeader
    {
        public uint Signature;
        public ushort MajorVersion;
        public ushort MinorVersion;
        public uint Flags;
        public ushort NumberOfSections;
        public byte EntrySize;
        public byte EntryType;
    }

    private struct ModuleSection
    {
        public int SectionId;
        public int Flags;
        public byte* Start;
        public byte* End;
    }

    [DllImport("*")]
    [SuppressGCTransition]
    private static extern ReadyToRunHeader* RuntimeReadyToRunHeader();

    /// <summary>Called by the boot stub (or a process's entry stub) before the program's own entry point.</summary>
    [UnmanagedCallersOnly(EntryPoint = "RhInitializeRuntime")]
    private static void Initialize()
    {
        ReadyToRunHeader* header = RuntimeReadyToRunHeader();
        if (header->Signature != ReadyToRunSignature)
            Fail.Fast("bad ReadyToRun header");
        RunSection(header, GCStaticRegion);
        RunSection(header, EagerClassConstructors);
        RunSection(header, ModuleInitializers);
    }

    private static void RunSection(ReadyToRunHeader* header, int sectionId)
    {
        var rows = (ModuleSection*)(header + 1);
        for (int i = 0; i < header->NumberOfSections; i++)
        {
            if (rows[i].SectionId != sectionId)
                continue;
            for (byte* entry = rows[i].Start; entry < rows[i].End; entry += sizeof(int))
            {
                if (sectionId == GCStaticRegion)
                    CreateStaticsObject((nint*)ReadRelativePointer(entry));
                else
                    ((delegate*<void>)ReadRelativePointer(entry))();
            }
        }
    }

    private static void CreateStaticsObject(nint* staticBase)
    {
        // Until it is initialised, the static base holds a relative pointer to the statics
        // object's MethodTable, with the flags in its low bits; afterwards, the object.
        nint value = (nint)ReadRelativePointer((byte*)staticBase);
        if ((value & StaticUninitialized) == 0)
            return;
        var type = (MethodTable*)(value & ~StaticFlagMask);
        object statics = Allocator.AllocateObject(type);
        byte* objectAddress = *(byte**)&statics;
        if ((value & StaticHasPreinitializedData) != 0)
        {
            byte* data = ReadRelativePointer((byte*)(staticBase + 1));
            uint fieldBytes = type->BaseSize - (uint)(2 * sizeof(nint));   // minus header and MethodTable pointer
            System.SpanHelpers.Memmove(objectAddress + sizeof(nint), data, fieldBytes);
        }
        *staticBase = (nint)objectAddress;
    }

    private static byte* ReadRelativePointer(byte* location) => location + *(int*)location;
}
