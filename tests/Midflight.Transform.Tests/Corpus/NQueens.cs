// points: R
// N-queens by backtracking on a bool[,] board with column and diagonal flags, printing every solution
// for n = 6 and counting them for n = 7; stops at each queen placed.
namespace Corpus;

public sealed class NQueens : Midflight.Module
{
    private bool[,] _board = new bool[0, 0];
    private bool[] _columnTaken = [];
    private bool[] _diagonalTaken = [];
    private bool[] _antiDiagonalTaken = [];
    private int _size;
    private bool _show;

    protected override void Run()
    {
        var six = Solve(6, show: true);
        Print($"6 queens: {six} solutions");
        var seven = Solve(7, show: false);
        Print($"7 queens: {seven} solutions");
    }

    private int Solve(int size, bool show)
    {
        _size = size;
        _show = show;
        _board = new bool[size, size];
        _columnTaken = new bool[size];
        _diagonalTaken = new bool[2 * size - 1];
        _antiDiagonalTaken = new bool[2 * size - 1];
        return Place(0);
    }

    private int Place(int row)
    {
        if (row == _size)
        {
            if (_show)
            {
                PrintBoard();
            }
            return 1;
        }
        var solutions = 0;
        for (var column = 0; column < _size; column++)
        {
            if (_columnTaken[column] || _diagonalTaken[row - column + _size - 1] || _antiDiagonalTaken[row + column])
            {
                continue;
            }
            _board[row, column] = true;
            _columnTaken[column] = _diagonalTaken[row - column + _size - 1] = _antiDiagonalTaken[row + column] = true;
        R:
            solutions += Place(row + 1);
            _board[row, column] = false;
            _columnTaken[column] = _diagonalTaken[row - column + _size - 1] = _antiDiagonalTaken[row + column] = false;
        }
        if (!_show && row == 1)
        {
            Print($"  a queen in the first row: {solutions} solutions");
        }
        return solutions;
    }

    private void PrintBoard()
    {
        for (var r = 0; r < _size; r++)
        {
            var line = new char[_size];
            for (var c = 0; c < _size; c++)
            {
                line[c] = _board[r, c] ? 'Q' : '.';
            }
            Print(new string(line));
        }
        Print("");
    }
}
