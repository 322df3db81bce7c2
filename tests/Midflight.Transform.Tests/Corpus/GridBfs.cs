// points: R, S
// Breadth-first search for the shortest path through a char[,] maze, distances in an int[,], a Queue of
// CorpusLibrary.Cell; stops at each cell taken from the queue and at each step of walking the path back.
using CorpusLibrary;

namespace Corpus;

public sealed class GridBfs : Midflight.Module
{
    private static readonly (int Rows, int Columns)[] Steps = [(-1, 0), (0, 1), (1, 0), (0, -1)];

    private char[,] _maze = new char[0, 0];
    private int[,] _distance = new int[0, 0];

    protected override void Run()
    {
        string[] rows =
        [
            "S.#.......",
            ".##.####..",
            "....#..#.#",
            "#.#.#.##..",
            "..#...#..#",
            ".####.#.#.",
            "......#..E",
        ];
        _maze = new char[rows.Length, rows[0].Length];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                _maze[r, c] = rows[r][c];
            }
        }
        var start = Find('S');
        var end = Find('E');
        if (!Search(start, end))
        {
            Print("no path");
            return;
        }
        Print($"shortest path: {_distance[end.Row, end.Column]} steps");
        var path = Trace(start, end);
        Print($"path through {path.Count} cells");
        for (var r = 0; r < _maze.GetLength(0); r++)
        {
            var line = new char[_maze.GetLength(1)];
            for (var c = 0; c < line.Length; c++)
            {
                line[c] = _maze[r, c] == '.' && path.Contains(new Cell(r, c)) ? '*' : _maze[r, c];
            }
            Print(new string(line));
        }
    }

    private Cell Find(char mark)
    {
        for (var r = 0; r < _maze.GetLength(0); r++)
        {
            for (var c = 0; c < _maze.GetLength(1); c++)
            {
                if (_maze[r, c] == mark)
                {
                    return new Cell(r, c);
                }
            }
        }
        throw new InvalidOperationException($"no {mark} in the maze");
    }

    private bool InMaze(int row, int column) =>
        row >= 0 && row < _maze.GetLength(0) && column >= 0 && column < _maze.GetLength(1) && _maze[row, column] != '#';

    private bool Search(Cell start, Cell end)
    {
        _distance = new int[_maze.GetLength(0), _maze.GetLength(1)];
        for (var r = 0; r < _distance.GetLength(0); r++)
        {
            for (var c = 0; c < _distance.GetLength(1); c++)
            {
                _distance[r, c] = -1;
            }
        }
        var queue = new Queue<Cell>();
        _distance[start.Row, start.Column] = 0;
        queue.Enqueue(start);
        var layer = 0;
        while (queue.Count > 0)
        {
            var cell = queue.Dequeue();
            var distance = _distance[cell.Row, cell.Column];
        R:
            if (distance > layer && distance % 3 == 0)
            {
                Print($"layer {distance}: {queue.Count + 1} cells waiting");
            }
            layer = distance;
            if (cell == end)
            {
                return true;
            }
            foreach (var (dr, dc) in Steps)
            {
                var next = new Cell(cell.Row + dr, cell.Column + dc);
                if (InMaze(next.Row, next.Column) && _distance[next.Row, next.Column] < 0)
                {
                    _distance[next.Row, next.Column] = distance + 1;
                    queue.Enqueue(next);
                }
            }
        }
        return false;
    }

    private HashSet<Cell> Trace(Cell start, Cell end)
    {
        var stack = new Stack<Cell>();
        var cell = end;
        stack.Push(cell);
        while (cell != start)
        {
            var distance = _distance[cell.Row, cell.Column];
            foreach (var (dr, dc) in Steps)
            {
                var previous = new Cell(cell.Row + dr, cell.Column + dc);
                if (InMaze(previous.Row, previous.Column) && _distance[previous.Row, previous.Column] == distance - 1)
                {
                    cell = previous;
                    break;
                }
            }
        S:
            stack.Push(cell);
            if (stack.Count % 4 == 0)
            {
                Print($"back at ({cell.Row},{cell.Column}), {distance - 1} from the start");
            }
        }
        var path = new HashSet<Cell>();
        while (stack.Count > 0)
        {
            path.Add(stack.Pop());
        }
        return path;
    }
}
