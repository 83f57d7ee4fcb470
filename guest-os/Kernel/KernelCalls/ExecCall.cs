using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// SYS_EXEC: gives a process a new memory image, loaded from a boot module's ELF file
/// (MINIX's exec, with the image already in memory): a fresh address space with the
/// PT_LOAD segments and an empty stack, fresh registers at the entry point, fresh x87/SSE
/// state and a new command line (what GETINFO WhoAmI returns). The endpoint, privileges
/// and queued senders stay; the old memory is released, the grant and SENDA tables
/// forgotten, and a blocking IPC abandoned. Reads P0 (endpoint or Endpoint.Self), P1
/// (module index), P2 (command line: UTF-16 in the caller's memory), P3 (its length,
/// at most 255 chars). No reply when the caller execs itself. ENOEXEC if the module is
/// not a user executable, ENOMEM if the frames would run out.
/// </summary>
internal static unsafe class ExecCall
{
    public const int MaxCommandLine = 255;

    public static int Do(Proc caller, Message* m)
    {
        Proc target = m->P0 == Endpoint.Self ? caller : ProcTable.Find(m->P0);
        if (target == null)
            return ProcTable.Missing(m->P0);
        if (m->P1 < 0 || m->P1 >= BootImage.ModuleCount || m->P3 < 0 || m->P3 > MaxCommandLine)
            return Error.InvalidArgument;
        char* text = stackalloc char[MaxCommandLine];
        if (Paging.CopyIn(caller.PageDirectory, (uint)m->P2, (byte*)text, (uint)m->P3 * 2) != Error.Ok)
            return Error.BadAddress;
        byte* image = BootImage.Module(m->P1, out uint size);
        uint pages = ElfLoader.PagesNeeded(image, size);
        if (pages == 0)
            return Error.NotExecutable;
        if (pages > Frames.FreeFrames)
            return Error.NoMemory;
        uint directory = Paging.NewDirectory();
        uint entry = ElfLoader.Load(directory, image, size);
        if (entry == 0)
        {
            Paging.FreeAddressSpace(directory);
            return Error.NotExecutable;
        }

        Ipc.CancelBlocking(target);
        Paging.FreeAddressSpace(target.PageDirectory);
        target.PageDirectory = directory;
        for (int i = 0; i < m->P3; i++)
            target.CommandLine[i] = (byte)text[i];
        target.CommandLineLength = m->P3;
        target.StartAt(entry);
        target.GrantCount = 0;
        target.AsyncCount = 0;
        Scheduler.Ready(target);
        return target == caller ? SystemTask.NoReply : Error.Ok;
    }
}
