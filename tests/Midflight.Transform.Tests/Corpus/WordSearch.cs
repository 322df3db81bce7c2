// points: R
// Word search on a char[,] grid: recursive depth-first matching in four directions with a bool[,] of
// cells in use and the path as CorpusLibrary.Cell values; the recursive call in an if condition; stops at
// each letter matched.
using CorpusLibrary;

namespace Corpus;

public sealed class WordSearch : Midflight.Module
{
    private static readonly (int Row, int Column)[] Directions = [(0, 1), (1, 0), (0, -1), (-1, 0)];

    private char[,] _grid = new char[0, 0];
    private bool[,] _used = new bool[0, 0];
    private readonly List<Cell> _path = [];

    protected override void Run()
    {
        string[] rows = ["ABCE", "SFCS", "ADEE", "RTPO"];
        _grid = new char[rows.Length, rows[0].Length];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                _grid[r, c] = rows[r][c];
            }
        }
        foreach (var word in new[] { "ABCCED", "SEE", "ABCB", "ADEEC", "TOP" })
        {
            var found = Find(word);
            Print(found
                ? $"{word}: {string.Join(" ", _path.Select(p => $"({p.Row},{p.Column})"))}"
                : $"{word}: not found");
        }
    }

    private bool Find(string word)
    {
        _used = new bool[_grid.GetLength(0), _grid.GetLength(1)];
        for (var r = 0; r < _grid.GetLength(0); r++)
        {
            for (var c = 0; c < _grid.GetLength(1); c++)
            {
                _path.Clear();
                if (Match(word, 0, r, c))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private bool Match(string word, int index, int row, int column)
    {
        if (row < 0 || column < 0 || row >= _grid.GetLength(0) || column >= _grid.GetLength(1))
        {
            return false;
        }
        if (_used[row, column] || _grid[row, column] != word[index])
        {
            return false;
        }
        _used[row, column] = true;
        _path.Add(new Cell(row, column));
    R:
        if (index >= 2)
        {
            Print($"  {word[..(index + 1)]} at ({row},{column})");
        }
        if (index == word.Length - 1)
        {
            _used[row, column] = false;
            return true;
        }
        foreach (var (dr, dc) in Directions)
        {
            if (Match(word, index + 1, row + dr, column + dc))
            {
                _used[row, column] = false;
                return true;
            }
        }
        _used[row, column] = false;
        _path.RemoveAt(_path.Count - 1);
        return false;
    }
}
