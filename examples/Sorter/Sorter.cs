namespace Midflight.Examples.Sorter;

/// <summary>
/// Keeps the last numbers it read and prints them sorted. Its procedures go through a binding
/// table (<c>[ProcedureUpdates]</c>): <c>Sort</c>, in Sorter.Sort.cs, is replaced while it runs by a
/// sort over reals (updates/Sorter.Sort.cs), which <see cref="Report"/>, unchanged, goes on calling
/// through the interprocedure that stands for the old signature.
/// </summary>
[ProcedureUpdates]
public sealed partial class Sorter : Module
{
    private const int Window = 6;

    private readonly Queue<long> recent = new();

    protected override void Run()
    {
        while (true)
        {
        R:
            var value = Read<long>("in");
            recent.Enqueue(value);
            if (recent.Count > Window)
            {
                recent.Dequeue();
            }
            Print(Report());
        }
    }

    private string Report() => string.Join(" ", Sort([.. recent]));

    protected override void Divulge(DivulgedState state) => state.Set("recent", string.Join(",", recent));

    protected override void Install(DivulgedState state)
    {
        foreach (var value in state.Get<string>("recent").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            recent.Enqueue(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
