using System.Buffers.Binary;
using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;
using static Toolchain.Tests.Linker.LinkTestHelpers;

namespace Toolchain.Tests.Linker;

/// <summary>Every error is a LinkerException whose one-line message names the object and the symbol or section.</summary>
public class LinkerErrorTests
{
    private static LinkerException Fails(Action action)
    {
        LinkerException error = Assert.Throws<LinkerException>(action);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void UndefinedSymbolIsRejectedWithItsNameAndReferencingObject()
    {
        CoffObject obj = Obj("hello.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xE8, 0, 0, 0, 0 }, CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(1, "_foo@8", CoffRelocationType.Rel32);
        });

        LinkerException error = Fails(() => Link(obj));

        Assert.Equal("undefined symbol _foo@8 referenced from hello.obj section .text", error.Message);
    }

    [Fact]
    public void SeveralUndefinedSymbolsAreAllNamed()
    {
        CoffObject obj = Obj("hello.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[12], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(0, "_a", CoffRelocationType.Dir32);
            text.AddRelocation(4, "_b", CoffRelocationType.Dir32);
            text.AddRelocation(8, "_a", CoffRelocationType.Dir32);
        });

        LinkerException error = Fails(() => Link(obj));

        Assert.StartsWith("undefined symbol _a referenced from hello.obj section .text", error.Message);
        Assert.Contains("_b", error.Message);
    }

    [Fact]
    public void UnknownRelocationTypeIsRejectedNamingObjectSectionOffsetAndSymbol()
    {
        CoffObject obj = Obj("hello.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[0x20], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(0x12, "_bar", (CoffRelocationType)0x0009);
        });

        LinkerException error = Fails(() => Link(obj));

        Assert.Equal("unknown relocation type 0x0009 in hello.obj section .text at offset 0x12 (symbol _bar)", error.Message);
    }

    [Fact]
    public void DuplicateStrongDefinitionIsRejected()
    {
        CoffObject a = StartObject("a.obj");
        CoffObject b = StartObject("b.obj");

        LinkerException error = Fails(() => Link(a, b));

        Assert.Equal("duplicate symbol _start: defined in a.obj and b.obj", error.Message);
    }

    [Fact]
    public void CallerSymbolCollidingWithAnObjectDefinitionIsRejected()
    {
        LinkerException error = Fails(() => Link(new LinkerOptions().DefineSymbol("_start", 0x1234), StartObject("a.obj")));

        Assert.Contains("_start", error.Message);
        Assert.Contains("a.obj", error.Message);
    }

    [Fact]
    public void MissingEntrySymbolIsRejected()
    {
        CoffObject obj = Obj("noentry.obj", w => w.DefineSymbol("_main", w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code), 0));

        LinkerException error = Fails(() => Link(obj));

        Assert.Equal("entry symbol _start is not defined by any object", error.Message);
    }

    [Fact]
    public void OverlappingFixedSectionAddressesAreRejected()
    {
        CoffObject obj = Obj("fixed.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[0x100], CoffSectionFlags.Code);
            w.AddSection(".data", new byte[0x100], CoffSectionFlags.Data);
            w.DefineSymbol("_start", text, 0);
        });
        var options = new LinkerOptions();
        options.SectionAddresses[".text"] = 0x200000;
        options.SectionAddresses[".data"] = 0x200080;

        LinkerException error = Fails(() => Link(options, obj));

        Assert.Equal("sections .text (0x00200000-0x00200100) and .data (0x00200080-0x00200180) overlap", error.Message);
    }

    [Fact]
    public void RelocationSiteOutsideItsSectionIsRejected()
    {
        CoffObject obj = Obj("short.obj", w =>
        {
            CoffSectionBuilder text = w.AddSection(".text", new byte[6], CoffSectionFlags.Code);
            w.DefineSymbol("_start", text, 0);
            text.AddRelocation(4, "_start", CoffRelocationType.Dir32);
        });

        LinkerException error = Fails(() => Link(obj));

        Assert.StartsWith("relocation site outside its section in short.obj section .text at offset 0x4 (symbol _start", error.Message);
    }

    [Fact]
    public void WrongMachineIsRejected()
    {
        var writer = new CoffWriter { Machine = 0x8664 };
        writer.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code);

        LinkerException error = Fails(() => CoffObject.Parse("amd64.obj", writer.ToArray()));

        Assert.Equal("amd64.obj: not an i386 COFF object (machine 0x8664, expected 0x014C)", error.Message);
    }

    [Fact]
    public void TruncatedObjectsAreRejectedAtEveryCut()
    {
        var writer = new CoffWriter();
        CoffSectionBuilder text = writer.AddSection(".text", new byte[] { 0xE8, 0, 0, 0, 0, 0xC3 }, CoffSectionFlags.Code);
        writer.DefineSymbol("_start", text, 0);
        writer.DefineSymbol("_a_rather_long_symbol_name", text, 5);
        text.AddRelocation(1, "_elsewhere", CoffRelocationType.Rel32);
        byte[] bytes = writer.ToArray();

        for (int length = 0; length < bytes.Length; length++)
        {
            LinkerException error = Fails(() => CoffObject.Parse("cut.obj", bytes.AsSpan(0, length)));
            Assert.StartsWith("cut.obj:", error.Message);
        }
    }

    [Fact]
    public void SymbolTableCountBeyondTheFileIsMalformed()
    {
        byte[] bytes = new CoffWriter().ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 1000);

        LinkerException error = Fails(() => CoffObject.Parse("bad.obj", bytes));

        Assert.StartsWith("bad.obj: malformed COFF object: symbol table", error.Message);
    }
}
