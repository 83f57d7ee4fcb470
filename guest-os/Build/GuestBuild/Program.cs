using System.CommandLine;
using GuestOs.Build;

// guestbuild image: IL assembly -> ILC object + stubs -> linked ELF32 image.
var ilc = new Option<string>("--ilc") { Description = "path of the ILC executable", Required = true };
var input = new Option<string>("--input") { Description = "the guest assembly (IL)", Required = true };
var references = new Option<string[]>("--reference") { Description = "assemblies it references, the corlib among them", AllowMultipleArgumentsPerToken = false };
var systemModule = new Option<string>("--system-module") { Description = "name of the corlib assembly", DefaultValueFactory = _ => "Corlib" };
var kind = new Option<GuestKind>("--kind") { Description = "Kernel (Multiboot ELF) or Program", DefaultValueFactory = _ => GuestKind.Kernel };
var stubs = new Option<string[]>("--stubs") { Description = "stub sets to link: Boot, PortIo, CpuControl, Runtime, Interrupts" };
var loadAddress = new Option<string>("--load-address") { Description = "address of the first section (hex with 0x, or decimal); default 1 MiB" };
var work = new Option<string>("--work") { Description = "directory for intermediate files", Required = true };
var output = new Option<string>("--out") { Description = "the ELF image to write", Required = true };

var image = new Command("image", "compile a guest assembly to an ELF32 image") { ilc, input, references, systemModule, kind, stubs, loadAddress, work, output };
image.SetAction(parse =>
{
    var request = new ImageRequest(
        parse.GetValue(ilc)!,
        parse.GetValue(input)!,
        parse.GetValue(references) ?? Array.Empty<string>(),
        parse.GetValue(systemModule)!,
        parse.GetValue(kind),
        parse.GetValue(stubs) ?? Array.Empty<string>(),
        parse.GetValue(work)!,
        parse.GetValue(output)!,
        ParseAddress(parse.GetValue(loadAddress)));
    try
    {
        ImageBuilder.Build(request);
        return 0;
    }
    catch (BuildException e)
    {
        Console.Error.WriteLine($"guestbuild: error: {e.Message}");
        return 1;
    }
});

static uint? ParseAddress(string? text)
{
    if (string.IsNullOrEmpty(text))
        return null;
    return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
        ? Convert.ToUInt32(text[2..], 16)
        : uint.Parse(text);
}

var root = new RootCommand("The guest toolchain driver: ILC, stubs and linker.") { image };
return root.Parse(args).Invoke();
