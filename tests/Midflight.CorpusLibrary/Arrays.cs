namespace CorpusLibrary;

/// <summary>A dense matrix of doubles over a <c>double[,]</c>, as a numerics library would offer it.</summary>
public sealed class Matrix
{
    private readonly double[,] _values;

    public Matrix(int rows, int columns) => _values = new double[rows, columns];

    public Matrix(double[,] values) => _values = (double[,])values.Clone();

    public int Rows => _values.GetLength(0);

    public int Columns => _values.GetLength(1);

    public double this[int row, int column]
    {
        get => _values[row, column];
        set => _values[row, column] = value;
    }

    public static Matrix Identity(int size)
    {
        var identity = new Matrix(size, size);
        for (var i = 0; i < size; i++)
        {
            identity[i, i] = 1;
        }
        return identity;
    }

    public override string ToString() =>
        string.Join("; ", Enumerable.Range(0, Rows).Select(r => string.Join(" ", Enumerable.Range(0, Columns).Select(c => _values[r, c].ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))));
}

/// <summary>A closed range of indices into an array; empty when <see cref="High"/> is below <see cref="Low"/>.</summary>
public readonly record struct IndexRange(int Low, int High)
{
    public int Length => Math.Max(0, High - Low + 1);

    public override string ToString() => $"[{Low}..{High}]";
}

/// <summary>Orders by the reverse of another comparer.</summary>
public sealed class ReverseComparer<T>(IComparer<T> inner) : IComparer<T>
{
    public int Compare(T? x, T? y) => inner.Compare(y!, x!);
}
