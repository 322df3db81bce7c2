// points: R, S, T
// Matrix products three ways: the triple loop over double[,] (R), Fibonacci by recursive squaring of
// a 2x2 jagged long[][] modulo a prime (S), and repeated rotations with a library Matrix type (T).
using CorpusLibrary;

namespace Corpus;

public sealed class MatrixMultiply : Midflight.Module
{
    private const long Modulus = 1_000_000_007;

    protected override void Run()
    {
        double[,] a = { { 1, 2, 3 }, { 4, 5, 6 } };
        double[,] b = { { 7, 8 }, { 9, 10 }, { 11, 12 } };
        var product = Multiply(a, b);
        for (var r = 0; r < product.GetLength(0); r++)
        {
            Print($"row {r}: {product[r, 0]} {product[r, 1]}");
        }

        foreach (var n in new[] { 10, 20, 50, 90, 1000 })
        {
            var m = Power([[1, 1], [1, 0]], n);
            Print($"F({n}) mod p = {m[0][1]}");
        }

        var angle = Math.PI / 6;
        var rotation = new Matrix(new[,] { { Math.Cos(angle), -Math.Sin(angle) }, { Math.Sin(angle), Math.Cos(angle) } });
        var total = Matrix.Identity(2);
        for (var step = 1; step <= 12; step++)
        {
            total = Multiply(total, rotation);
            if (step % 3 == 0)
            {
                Print($"after {step * 30} degrees: {total}");
            }
        }
    }

    public double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = a.GetLength(1), p = b.GetLength(1);
        var c = new double[n, p];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < m; k++)
                {
                R:
                    sum += a[i, k] * b[k, j];
                }
                c[i, j] = sum;
            }
        }
        return c;
    }

    private static long[][] Times(long[][] x, long[][] y)
    {
        var size = x.Length;
        var z = new long[size][];
        for (var i = 0; i < size; i++)
        {
            z[i] = new long[size];
            for (var j = 0; j < size; j++)
            {
                for (var k = 0; k < size; k++)
                {
                    z[i][j] = (z[i][j] + x[i][k] * y[k][j]) % Modulus;
                }
            }
        }
        return z;
    }

    public long[][] Power(long[][] m, int e)
    {
        if (e == 1)
        {
            return m;
        }
    S:
        var half = Power(m, e / 2);
        var square = Times(half, half);
        return e % 2 == 0 ? square : Times(square, m);
    }

    public Matrix Multiply(Matrix a, Matrix b)
    {
        var c = new Matrix(a.Rows, b.Columns);
        for (var i = 0; i < a.Rows; i++)
        {
            for (var j = 0; j < b.Columns; j++)
            {
                var sum = 0.0;
                for (var k = 0; k < a.Columns; k++)
                {
                    sum += a[i, k] * b[k, j];
                }
            T:
                c[i, j] = Math.Round(sum, 12);
            }
        }
        return c;
    }
}
