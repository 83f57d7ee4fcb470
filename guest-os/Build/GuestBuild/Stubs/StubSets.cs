namespace GuestOs.Build.Stubs;

/// <summary>The named stub sets a guest project can ask for (Guest.targets, GuestStubs).</summary>
public static class StubSets
{
    private static readonly Dictionary<string, Action<StubBuilder>> Sets = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Boot"] = BootStubs.Emit,
        ["PortIo"] = PortIoStubs.Emit,
        ["CpuControl"] = CpuControlStubs.Emit,
        ["Runtime"] = RuntimeStubs.Emit,
        ["Interrupts"] = InterruptStubs.Emit,
        ["Process"] = ProcessStubs.Emit,
        ["CpuTest"] = CpuTestStubs.Emit,
        ["CpuTask"] = CpuTestStubs.EmitTasks,
        ["CpuGate"] = CpuTestStubs.EmitGates,
    };

    public static IEnumerable<string> Names => Sets.Keys;

    public static StubObject Build(string objectName, IEnumerable<string> setNames)
    {
        var builder = new StubBuilder();
        foreach (string name in setNames)
        {
            if (!Sets.TryGetValue(name, out Action<StubBuilder>? emit))
                throw new BuildException($"unknown stub set '{name}' (known: {string.Join(", ", Sets.Keys)})");
            emit(builder);
        }
        return builder.Build(objectName);
    }
}
