using Microsoft.Extensions.Time.Testing;
using Midflight.Runtime.Procedures;

namespace Midflight.Runtime.Tests.Procedures;

/// <summary>The Sorter example as its README runs it: the sort of integers replaced by a sort of reals, its unchanged caller going through the interprocedure.</summary>
[Collection(nameof(ExclusiveCollection))]
public sealed class SorterExampleTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task The_sort_of_reals_replaces_the_sort_of_integers_named_by_its_file_alone_and_every_window_comes_out_sorted()
    {
        var folder = ExampleFolders.Of("Sorter");
        var time = new FakeTimeProvider(TestNodes.Epoch);
        var recorder = new Recorder();
        await using var node = await Node.StartAsync(TestNodes.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "sorter.mil"))),
            TestNodes.Options(time, recorder) with { BaseDirectory = folder });
        int Windows() => recorder.Printed("sorter").Count(p => !p.StartsWith("sorted", StringComparison.Ordinal));
        await Drive.UntilAsync(node, time, () => Windows() >= 8, Step);

        // updates/Sorter.Sort.cs stands for Sorter.Sort.cs: the rest of the class is the project's.
        var result = await node.UpdateProceduresAsync("sorter", new ProcedureUpdateOptions { Procedures = ["Sort"], Source = Path.Combine(folder, "updates", "Sorter.Sort.cs") });
        await Drive.UntilAsync(node, time, () => Windows() >= 16, Step);

        Assert.Equal(["Sort(long[])"], result.Steps.Single().Procedures);
        var printed = recorder.Printed("sorter");
        var first = printed.ToList().IndexOf("sorted 6 reals");
        Assert.True(first > 0, string.Join("\n", printed));
        // From the switch on, each window is sorted by the new sort, through the interprocedure.
        Assert.All(printed.Skip(first).Where((_, i) => i % 2 == 0), p => Assert.Equal("sorted 6 reals", p));
        var windows = printed.Where(p => !p.StartsWith("sorted", StringComparison.Ordinal)).Select(p => p.Split(' ').Select(long.Parse).ToList()).ToList();
        Assert.All(windows, w => Assert.Equal(w.Order(), w));
        Assert.All(windows.Skip(6), w => Assert.Equal(6, w.Count));
    }
}
