using GuestOs.Lib;

namespace GuestOs.Kernel;

/// <summary>
/// Two-level 32-bit paging (Intel SDM vol. 3, 4.3). Physical memory is identity-mapped,
/// supervisor-only, below <see cref="UserBase"/> in every address space through one shared
/// set of kernel page tables; each process has its own page directory whose upper part maps
/// its program and stack with user pages. The kernel reaches a process's memory by walking
/// that process's tables (<see cref="Translate"/>), so copies between address spaces never
/// switch CR3.
/// </summary>
internal static unsafe class Paging
{
    public const uint PageSize = 4096;
    public const uint UserBase = 0x4000_0000;
    public const uint UserTop = 0xC000_0000;
    private const uint Present = 1, Writable = 2, User = 4;
    private const uint Cr0Paging = 0x8000_0000, Cr0WriteProtect = 0x1_0000;

    public static uint KernelDirectory;

    public static void Initialize()
    {
        uint top = Frames.MemoryTop;
        KernelDirectory = Frames.AllocateZeroed();
        uint* directory = (uint*)KernelDirectory;
        for (uint address = 0; address < top; address += PageSize * 1024)
        {
            uint* table = (uint*)Frames.AllocateZeroed();
            for (uint i = 0; i < 1024; i++)
            {
                uint page = address + i * PageSize;
                table[i] = page == 0 ? 0 : page | Present | Writable;   // page 0 stays unmapped: null pointers fault
            }
            directory[address >> 22] = (uint)table | Present | Writable;
        }
        Cpu.WriteCr3(KernelDirectory);
        Cpu.WriteCr0(Cpu.ReadCr0() | Cr0Paging | Cr0WriteProtect);
    }

    /// <summary>A new address space: the kernel's mappings and nothing else.</summary>
    public static uint NewDirectory()
    {
        uint directory = Frames.AllocateZeroed();
        for (int i = 0; i < (int)(UserBase >> 22); i++)
            ((uint*)directory)[i] = ((uint*)KernelDirectory)[i];
        return directory;
    }

    /// <summary>Maps one user page; returns the frame already there if the page was mapped.</summary>
    public static uint MapUserPage(uint directory, uint virtualAddress, bool writable)
    {
        uint* pde = (uint*)directory + (virtualAddress >> 22);
        if ((*pde & Present) == 0)
            *pde = Frames.AllocateZeroed() | Present | Writable | User;
        uint* pte = (uint*)(*pde & ~0xFFFu) + ((virtualAddress >> 12) & 0x3FF);
        if ((*pte & Present) != 0)
        {
            if (writable)
                *pte |= Writable;
            return *pte & ~0xFFFu;
        }
        uint frame = Frames.AllocateZeroed();
        *pte = frame | Present | User | (writable ? Writable : 0);
        return frame;
    }

    /// <summary>A new address space with a private copy of every user page of another (FORK).</summary>
    public static uint CopyAddressSpace(uint source)
    {
        uint directory = NewDirectory();
        for (uint pd = UserBase >> 22; pd < 1024; pd++)
        {
            uint pde = ((uint*)source)[pd];
            if ((pde & Present) == 0)
                continue;
            uint* table = (uint*)(pde & ~0xFFFu);
            for (uint pt = 0; pt < 1024; pt++)
            {
                if ((table[pt] & Present) == 0)
                    continue;
                uint frame = MapUserPage(directory, (pd << 22) | (pt << 12), (table[pt] & Writable) != 0);
                Copy((byte*)(table[pt] & ~0xFFFu), (byte*)frame, PageSize);
            }
        }
        return directory;
    }

    /// <summary>Frames a copy of the address space would take: its user pages, page tables and directory.</summary>
    public static uint FramesUsed(uint directory)
    {
        uint count = 1;
        for (uint pd = UserBase >> 22; pd < 1024; pd++)
        {
            uint pde = ((uint*)directory)[pd];
            if ((pde & Present) == 0)
                continue;
            count++;
            for (uint pt = 0; pt < 1024; pt++)
            {
                if ((((uint*)(pde & ~0xFFFu))[pt] & Present) != 0)
                    count++;
            }
        }
        return count;
    }

    /// <summary>Releases the user pages, page tables and directory of an address space.</summary>
    public static void FreeAddressSpace(uint directory)
    {
        Interrupts.LeaveAddressSpace(directory);
        for (uint pd = UserBase >> 22; pd < 1024; pd++)
        {
            uint pde = ((uint*)directory)[pd];
            if ((pde & Present) == 0)
                continue;
            uint* table = (uint*)(pde & ~0xFFFu);
            for (uint pt = 0; pt < 1024; pt++)
            {
                if ((table[pt] & Present) != 0)
                    Frames.Release(table[pt] & ~0xFFFu);
            }
            Frames.Release((uint)table);
        }
        Frames.Release(directory);
    }

    /// <summary>Unmaps one user page and releases its frame; false if it was not mapped.</summary>
    public static bool UnmapUserPage(uint directory, uint virtualAddress)
    {
        uint pde = ((uint*)directory)[virtualAddress >> 22];
        if ((pde & Present) == 0)
            return false;
        uint* pte = (uint*)(pde & ~0xFFFu) + ((virtualAddress >> 12) & 0x3FF);
        if ((*pte & Present) == 0)
            return false;
        Frames.Release(*pte & ~0xFFFu);
        *pte = 0;
        Interrupts.FlushTlb(directory);
        return true;
    }

    /// <summary>The physical address of a user virtual address, if ring 3 may access it so.</summary>
    public static bool Translate(uint directory, uint virtualAddress, bool write, out uint physical)
    {
        physical = 0;
        if (virtualAddress < UserBase || virtualAddress >= UserTop)
            return false;
        uint pde = ((uint*)directory)[virtualAddress >> 22];
        if ((pde & (Present | User)) != (Present | User))
            return false;
        uint pte = ((uint*)(pde & ~0xFFFu))[(virtualAddress >> 12) & 0x3FF];
        if ((pte & (Present | User)) != (Present | User) || (write && (pte & Writable) == 0))
            return false;
        physical = (pte & ~0xFFFu) | (virtualAddress & 0xFFF);
        return true;
    }

    /// <summary>Copies from a process's memory into the kernel.</summary>
    public static int CopyIn(uint directory, uint source, byte* destination, uint bytes)
    {
        while (bytes > 0)
        {
            if (!Translate(directory, source, false, out uint physical))
                return Error.BadAddress;
            uint chunk = Chunk(source, bytes);
            Copy((byte*)physical, destination, chunk);
            source += chunk;
            destination += chunk;
            bytes -= chunk;
        }
        return Error.Ok;
    }

    /// <summary>Copies from the kernel into a process's memory (which must be writable).</summary>
    public static int CopyOut(byte* source, uint directory, uint destination, uint bytes)
    {
        while (bytes > 0)
        {
            if (!Translate(directory, destination, true, out uint physical))
                return Error.BadAddress;
            uint chunk = Chunk(destination, bytes);
            Copy(source, (byte*)physical, chunk);
            source += chunk;
            destination += chunk;
            bytes -= chunk;
        }
        return Error.Ok;
    }

    /// <summary>Copies directly between two address spaces, page piece by page piece.</summary>
    public static int CopyBetween(uint sourceDirectory, uint source, uint destinationDirectory, uint destination, uint bytes)
    {
        while (bytes > 0)
        {
            if (!Translate(sourceDirectory, source, false, out uint from) || !Translate(destinationDirectory, destination, true, out uint to))
                return Error.BadAddress;
            uint chunk = Chunk(source, bytes);
            uint other = Chunk(destination, bytes);
            if (other < chunk)
                chunk = other;
            Copy((byte*)from, (byte*)to, chunk);
            source += chunk;
            destination += chunk;
            bytes -= chunk;
        }
        return Error.Ok;
    }

    private static uint Chunk(uint address, uint bytes)
    {
        uint left = PageSize - (address & (PageSize - 1));
        return left < bytes ? left : bytes;
    }

    /// <summary>Copies whole 32-bit words, then the remaining bytes (messages are 64 bytes).</summary>
    public static void Copy(byte* from, byte* to, uint bytes)
    {
        uint words = bytes / 4;
        for (uint i = 0; i < words; i++)
            ((uint*)to)[i] = ((uint*)from)[i];
        for (uint i = words * 4; i < bytes; i++)
            to[i] = from[i];
    }
}
