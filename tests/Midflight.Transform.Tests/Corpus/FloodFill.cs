// points: R, S
// Flood fill on a bool[,] wall grid: regions labelled by recursive four-way fill (R), then a
// breadth-first search with a Queue<Cell> for the shortest walk between two cells (S).
using CorpusLibrary;

namespace Corpus;

public sealed class FloodFill : Midflight.Module
{
    private static readonly string[] Map =
    [
        "..#....#....",
        "..#.##.#.##.",
        "###....#.#..",
        "....####.###",
        ".##.....#...",
        ".#.#######..",
        ".#.#.....#..",
    ];

    private bool[,] _wall = new bool[0, 0];
    private int[,] _region = new int[0, 0];

    protected override void Run()
    {
        int rows = Map.Length, columns = Map[0].Length;
        _wall = new bool[rows, columns];
        _region = new int[rows, columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                _wall[r, c] = Map[r][c] == '#';
            }
        }

        var regions = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (_wall[r, c] || _region[r, c] != 0)
                {
                    continue;
                }
                regions++;
                var size = Fill(r, c, regions);
                Print($"region {(char)('A' + regions - 1)} from ({r},{c}): {size} cells");
            }
        }
        for (var r = 0; r < rows; r++)
        {
            Print(new string(Enumerable.Range(0, columns).Select(c => _wall[r, c] ? '#' : (char)('a' + _region[r, c] - 1)).ToArray()));
        }

        (Cell From, Cell To)[] trips = [(new(0, 0), new(1, 1)), (new(0, 3), new(6, 0)), (new(0, 8), new(2, 11)), (new(4, 9), new(0, 0)), (new(2, 5), new(2, 5))];
        foreach (var trip in trips)
        {
            int? distance = Distance(trip.From, trip.To);
            Print($"({trip.From.Row},{trip.From.Column}) -> ({trip.To.Row},{trip.To.Column}): {(distance is null ? "unreachable" : $"{distance} steps")}");
        }
    }

    private bool Open(int r, int c) => r >= 0 && c >= 0 && r < _wall.GetLength(0) && c < _wall.GetLength(1) && !_wall[r, c];

    public int Fill(int r, int c, int label)
    {
        if (!Open(r, c) || _region[r, c] != 0)
        {
            return 0;
        }
        _region[r, c] = label;
    R:
        var size = 1;
        size += Fill(r + 1, c, label);
        size += Fill(r - 1, c, label);
        size += Fill(r, c + 1, label);
        size += Fill(r, c - 1, label);
        return size;
    }

    public int? Distance(Cell from, Cell to)
    {
        var seen = new bool[_wall.GetLength(0), _wall.GetLength(1)];
        var queue = new Queue<(Cell Cell, int Steps)>();
        queue.Enqueue((from, 0));
        seen[from.Row, from.Column] = true;
        (int, int)[] directions = [(1, 0), (-1, 0), (0, 1), (0, -1)];
        while (queue.Count > 0)
        {
            var (cell, steps) = queue.Dequeue();
            if (cell == to)
            {
                return steps;
            }
            foreach (var (dr, dc) in directions)
            {
                var next = new Cell(cell.Row + dr, cell.Column + dc);
            S:
                if (Open(next.Row, next.Column) && !seen[next.Row, next.Column])
                {
                    seen[next.Row, next.Column] = true;
                    queue.Enqueue((next, steps + 1));
                }
            }
        }
        return null;
    }
}
