using System.Buffers.Binary;
using GuestOs.Build.Linker;
using GuestOs.Build.Linker.Coff;

namespace Toolchain.Tests.Linker;

/// <summary>Builds small COFF objects with the library's CoffWriter and links them.</summary>
internal static class LinkTestHelpers
{
    public const uint Load = LinkerOptions.DefaultLoadAddress;

    public static CoffObject Obj(string name, Action<CoffWriter> build)
    {
        var writer = new CoffWriter();
        build(writer);
        return CoffObject.Parse(name, writer.ToArray());
    }

    public static LinkResult Link(LinkerOptions options, params CoffObject[] objects) => new ElfLinker(options).Link(objects);

    public static LinkResult Link(params CoffObject[] objects) => Link(new LinkerOptions(), objects);

    /// <summary>An object whose .text is just <c>_start: ret</c>.</summary>
    public static CoffObject StartObject(string name = "start.obj") => Obj(name, w =>
    {
        CoffSectionBuilder text = w.AddSection(".text", new byte[] { 0xC3 }, CoffSectionFlags.Code);
        w.DefineSymbol("_start", text, 0, function: true);
    });

    public static byte[] Le32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
