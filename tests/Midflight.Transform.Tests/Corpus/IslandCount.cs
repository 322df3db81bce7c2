// points: R
// Counting islands on a map held as bool[][] by iterative flood fill with an explicit
// Stack<(int Row, int Column)> on the path; stops at each cell taken from the stack.
namespace Corpus;

public sealed class IslandCount : Midflight.Module
{
    private static readonly (int, int)[] Neighbours = [(1, 0), (-1, 0), (0, 1), (0, -1)];

    private bool[][] _land = [];
    private bool[][] _seen = [];

    protected override void Run()
    {
        string[] map =
        [
            "##..#....##",
            "#...##...#.",
            "....#..#...",
            ".##...###..",
            ".#....#.#..",
            "...##.....#",
            "#..#......#",
        ];
        _land = map.Select(row => row.Select(c => c == '#').ToArray()).ToArray();
        _seen = _land.Select(row => new bool[row.Length]).ToArray();
        var islands = new List<int>();
        for (var r = 0; r < _land.Length; r++)
        {
            for (var c = 0; c < _land[r].Length; c++)
            {
                if (_land[r][c] && !_seen[r][c])
                {
                    var size = Fill(r, c);
                    islands.Add(size);
                    Print($"island {islands.Count} at ({r},{c}): {size} cells");
                }
            }
        }
        Print($"{islands.Count} islands, largest {islands.Max()}, {islands.Count(s => s == 1)} single rocks");
    }

    private int Fill(int row, int column)
    {
        var stack = new Stack<(int Row, int Column)>();
        stack.Push((row, column));
        _seen[row][column] = true;
        var size = 0;
        while (stack.Count > 0)
        {
            var (r, c) = stack.Pop();
            size++;
        R:
            foreach (var (dr, dc) in Neighbours)
            {
                var (nr, nc) = (r + dr, c + dc);
                if (nr >= 0 && nr < _land.Length && nc >= 0 && nc < _land[nr].Length && _land[nr][nc] && !_seen[nr][nc])
                {
                    _seen[nr][nc] = true;
                    stack.Push((nr, nc));
                }
            }
        }
        return size;
    }
}
