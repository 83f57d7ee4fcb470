namespace GuestOs.Tests.Hello;

/// <summary>Small computations whose results are known exactly.</summary>
internal static class Computations
{
    public static ulong Fibonacci(int n)
    {
        ulong a = 0, b = 1;
        for (int i = 0; i < n; i++)
        {
            ulong next = a + b;
            a = b;
            b = next;
        }
        return a;
    }

    public static unsafe int CountPrimes(int limit)
    {
        bool* composite = stackalloc bool[limit];
        int count = 0;
        for (int i = 2; i < limit; i++)
        {
            if (composite[i])
                continue;
            count++;
            for (int j = i * 2; j < limit; j += i)
                composite[j] = true;
        }
        return count;
    }

    public static ulong Factorial(int n)
    {
        ulong result = 1;
        for (int i = 2; i <= n; i++)
            result *= (ulong)i;
        return result;
    }

    public static long Negate(long value) => -value;

    public static ulong Gcd(long a, long b)
    {
        while (b != 0)
        {
            long t = a % b;
            a = b;
            b = t;
        }
        return (ulong)a;
    }

    public static int DotProduct()
    {
        Vector3 u = new(1, 2, 3);
        Vector3 v = new(4, 5, 6);
        Vector3 w = u + v;
        return u.Dot(v) + w.Dot(new Vector3(1, 1, 1)) + 0 * w.X - 3;
    }

    public static int TotalArea()
    {
        Shape[] shapes = { new Rectangle(10, 20), new Square(30), new Rectangle(7, 56) };
        int total = 0;
        foreach (Shape shape in shapes)
            total += shape.Area();
        return total + (shapes[1] is Square ? 96 : 0);
    }
}

internal readonly struct Vector3
{
    public readonly int X, Y, Z;

    public Vector3(int x, int y, int z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public int Dot(Vector3 other) => X * other.X + Y * other.Y + Z * other.Z;

    public static Vector3 operator +(Vector3 a, Vector3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
}

internal abstract class Shape
{
    public abstract int Area();
}

internal class Rectangle : Shape
{
    private readonly int _width, _height;

    public Rectangle(int width, int height)
    {
        _width = width;
        _height = height;
    }

    public override int Area() => _width * _height;
}

internal sealed class Square : Rectangle
{
    public Square(int side) : base(side, side)
    {
    }
}
