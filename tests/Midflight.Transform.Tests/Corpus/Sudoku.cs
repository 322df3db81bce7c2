// points: R
// A sudoku solved by backtracking over an int[,] grid, the most constrained empty cell found as a nullable tuple and
// the recursive call in an if condition; stops at each digit tried.
namespace Corpus;

public sealed class Sudoku : Midflight.Module
{
    private readonly int[,] _grid = new int[9, 9];
    private int _placed;
    private int _undone;

    protected override void Run()
    {
        string[] puzzle =
        [
            "53..7....",
            "6..195...",
            ".98....6.",
            "8...6...3",
            "4..8.3..1",
            "7...2...6",
            ".6....28.",
            "...419..5",
            "....8..79",
        ];
        for (var r = 0; r < 9; r++)
        {
            for (var c = 0; c < 9; c++)
            {
                _grid[r, c] = puzzle[r][c] == '.' ? 0 : puzzle[r][c] - '0';
            }
        }
        Print(Solve() ? $"solved: {_placed} placements, {_undone} taken back" : "no solution");
        for (var r = 0; r < 9; r++)
        {
            Print(string.Concat(Enumerable.Range(0, 9).Select(c => _grid[r, c])));
        }
    }

    // The empty cell with the fewest digits allowed: the search branches least there.
    private (int Row, int Column, int Options)? MostConstrained()
    {
        (int Row, int Column, int Options)? best = null;
        for (var r = 0; r < 9; r++)
        {
            for (var c = 0; c < 9; c++)
            {
                if (_grid[r, c] != 0)
                {
                    continue;
                }
                var options = Enumerable.Range(1, 9).Count(d => Allowed(r, c, d));
                if (best is null || options < best.Value.Options)
                {
                    best = (r, c, options);
                }
            }
        }
        return best;
    }

    private bool Allowed(int row, int column, int digit)
    {
        for (var i = 0; i < 9; i++)
        {
            if (_grid[row, i] == digit || _grid[i, column] == digit)
            {
                return false;
            }
        }
        var (top, left) = (row / 3 * 3, column / 3 * 3);
        for (var r = top; r < top + 3; r++)
        {
            for (var c = left; c < left + 3; c++)
            {
                if (_grid[r, c] == digit)
                {
                    return false;
                }
            }
        }
        return true;
    }

    private bool Solve()
    {
        if (MostConstrained() is not var (row, column, _))
        {
            return true;
        }
        for (var digit = 1; digit <= 9; digit++)
        {
            if (!Allowed(row, column, digit))
            {
                continue;
            }
            _grid[row, column] = digit;
            _placed++;
        R:
            if (_placed % 3 == 0)
            {
                Print($"placement {_placed}: {digit} at ({row},{column})");
            }
            if (Solve())
            {
                return true;
            }
            _grid[row, column] = 0;
            _undone++;
        }
        return false;
    }
}
