namespace GuestOs.Tests.Hello;

/// <summary>
/// An interface with enough implementations that ILC cannot devirtualise the calls in
/// <see cref="Counters.Drive"/>: they go through the runtime's interface dispatch.
/// </summary>
internal interface ICounter
{
    int Total { get; }

    int Next();
}

internal sealed class StepCounter(int step) : ICounter
{
    private int _value;

    public int Total => _value * 10;

    public int Next() => _value += step;
}

internal sealed class CountDown : ICounter
{
    private int _value = 100;

    public int Total => _value;

    public int Next() => --_value;
}

internal class Doubler : ICounter
{
    protected int Value = 1;

    public int Total => Value;

    public virtual int Next() => Value *= 2;
}

internal sealed class Tripler : Doubler
{
    public override int Next() => Value *= 3;
}

internal static class Counters
{
    public static int Drive(ICounter counter)
    {
        counter.Next();
        counter.Next();
        return counter.Next() + counter.Total;
    }

    /// <summary>(3 + 30) + (6 + 60) + (97 + 97) + (8 + 8) + (27 + 27) = 363.</summary>
    public static int Run()
    {
        ICounter[] counters = { new StepCounter(1), new StepCounter(2), new CountDown(), new Doubler(), new Tripler() };
        int sum = 0;
        for (int i = 0; i < counters.Length; i++)
            sum += Drive(counters[i]);
        return sum;
    }
}
