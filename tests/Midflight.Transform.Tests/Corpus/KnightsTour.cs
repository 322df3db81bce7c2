// points: R
// A knight's tour of a 5x5 board by backtracking with Warnsdorff's ordering (fewest onward moves first),
// steps numbered in an int[,]; the recursive call in an if condition; stops at each square entered.
namespace Corpus;

public sealed class KnightsTour : Midflight.Module
{
    private const int Size = 5;
    private static readonly (int Row, int Column)[] Jumps =
        [(2, 1), (1, 2), (-1, 2), (-2, 1), (-2, -1), (-1, -2), (1, -2), (2, -1)];

    private readonly int[,] _board = new int[Size, Size];
    private int _backtracks;

    protected override void Run()
    {
        _board[0, 0] = 1;
        if (Tour(0, 0, 2))
        {
            Print($"tour found, {_backtracks} backtracks");
            for (var r = 0; r < Size; r++)
            {
                Print(string.Join(" ", Enumerable.Range(0, Size).Select(c => $"{_board[r, c],2}")));
            }
        }
        else
        {
            Print("no tour");
        }
    }

    private bool Free(int row, int column) =>
        row is >= 0 and < Size && column is >= 0 and < Size && _board[row, column] == 0;

    private int Onward(int row, int column) => Jumps.Count(j => Free(row + j.Row, column + j.Column));

    private bool Tour(int row, int column, int step)
    {
        if (step > Size * Size)
        {
            return true;
        }
        var moves = Jumps
            .Select(j => (Row: row + j.Row, Column: column + j.Column))
            .Where(m => Free(m.Row, m.Column))
            .OrderBy(m => Onward(m.Row, m.Column))
            .ToList();
        foreach (var (nextRow, nextColumn) in moves)
        {
            _board[nextRow, nextColumn] = step;
        R:
            Print($"step {step}: ({nextRow},{nextColumn})");
            if (Tour(nextRow, nextColumn, step + 1))
            {
                return true;
            }
            _board[nextRow, nextColumn] = 0;
            _backtracks++;
        }
        return false;
    }
}
