// points: R, S
// A maze solved by recursive backtracking on a char[,]: the path marked '+', dead ends marked 'x', the way
// in a Stack<Cell>, walked back by a foreach over the stack; stops at each cell stepped on and at each
// cell of the way back.
using CorpusLibrary;

namespace Corpus;

public sealed class MazeSolver : Midflight.Module
{
    private char[,] _maze = new char[0, 0];
    private readonly Stack<Cell> _way = new();
    private int _steps;

    protected override void Run()
    {
        string[] rows =
        [
            "##########",
            "#S  #    #",
            "# # #### #",
            "# #   #  #",
            "# ##### ##",
            "#   #    #",
            "### # ## #",
            "#     # E#",
            "##########",
        ];
        _maze = new char[rows.Length, rows[0].Length];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                _maze[r, c] = rows[r][c];
            }
        }
        var solved = Walk(new Cell(1, 1));
        Print(solved ? $"out in {_way.Count - 1} moves, {_steps} steps taken" : "no way out");
        for (var r = 0; r < _maze.GetLength(0); r++)
        {
            var line = new char[_maze.GetLength(1)];
            for (var c = 0; c < line.Length; c++)
            {
                line[c] = _maze[r, c];
            }
            Print(new string(line));
        }
        if (solved)
        {
            RetraceFromExit();
        }
    }

    private void RetraceFromExit()
    {
        var walked = 0;
        var turns = 0;
        Cell? previous = null;
        (int, int)? heading = null;
        foreach (var cell in _way)
        {
            if (previous is { } p)
            {
                var step = (cell.Row - p.Row, cell.Column - p.Column);
                if (heading is not null && heading != step)
                {
                    turns++;
                }
                heading = step;
            }
            previous = cell;
            walked++;
        S:
            if (walked % 6 == 0)
            {
                Print($"back {walked}: ({cell.Row},{cell.Column}) after {turns} turns");
            }
        }
        Print($"{turns} turns on the way");
    }

    private bool Walk(Cell cell)
    {
        var here = _maze[cell.Row, cell.Column];
        if (here is '#' or '+' or 'x')
        {
            return false;
        }
        _way.Push(cell);
        _steps++;
        if (here == 'E')
        {
            return true;
        }
        _maze[cell.Row, cell.Column] = '+';
    R:
        if (_steps % 5 == 0)
        {
            Print($"step {_steps} at ({cell.Row},{cell.Column}), {_way.Count} deep");
        }
        var found = Walk(cell with { Column = cell.Column + 1 })
            || Walk(cell with { Row = cell.Row + 1 })
            || Walk(cell with { Column = cell.Column - 1 })
            || Walk(cell with { Row = cell.Row - 1 });
        if (!found)
        {
            _maze[cell.Row, cell.Column] = 'x';
            _way.Pop();
        }
        return found;
    }
}
