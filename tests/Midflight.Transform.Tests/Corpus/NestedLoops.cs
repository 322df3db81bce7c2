// points: R
// Nested loops of three kinds around one point, with locals declared at each level.
namespace Corpus;

public sealed class NestedLoops : Midflight.Module
{
    protected override void Run()
    {
        var grid = new[] { new[] { 1, 2 }, new[] { 3, 4, 5 }, new[] { 6 } };
        var row = 0;
        while (row < grid.Length)
        {
            var cells = grid[row];
            var rowSum = 0;
            for (var col = 0; col < cells.Length; col++)
            {
                var k = 0;
                do
                {
                    var cell = cells[col] * 10 + k;
                    rowSum += cell;
                R:
                    Print($"row {row} col {col} k {k} cell {cell} sum {rowSum}");
                    k++;
                }
                while (k < 2);
            }
            Print($"row {row} total {rowSum}");
            row++;
        }
    }
}
