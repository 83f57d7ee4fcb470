namespace System.Collections;

// The C# compiler wants these to exist before it lowers foreach over an array into an
// index loop; guest collections may implement them.

public interface IEnumerable
{
    IEnumerator GetEnumerator();
}

public interface IEnumerator
{
    object Current { get; }

    bool MoveNext();
}
