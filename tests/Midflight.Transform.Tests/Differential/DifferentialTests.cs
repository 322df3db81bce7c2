using Midflight.Testing;
using CsCheck;

namespace Midflight.Transform.Tests.Differential;

/// <summary>
/// The standard for the transformation: every program of the corpus, prepared and moved to a new
/// instance at random moments (through an encoded snapshot each time), prints exactly what it prints
/// unprepared. Fixed seeds in CI; MIDFLIGHT_RANDOM_SEEDS=1 explores fresh ones.
/// </summary>
public sealed class DifferentialTests
{
    public static TheoryData<string> Programs => [.. CorpusProgram.Names];

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_prepared_program_moved_at_random_moments_prints_what_it_prints_unprepared(string name)
    {
        var program = CorpusProgram.Load(name);
        var expected = program.RunOriginal();
        Assert.True(expected.Count >= 3, $"{name} prints too little to be moved in the middle");

        var moves = 0;
        var refusals = 0;
        Gen.Int[1, expected.Count].HashSet[1, 4].SamplePinned(moments =>
        {
            var run = program.RunPrepared(moments);
            Assert.Equal(expected, run.Output);
            AssertRefusedAsExpected(program, run);
            moves += run.Captures;
            refusals += run.Refusals.Count;
        }, seed: "0N0XIzNsQ0O2", iter: 25);
        // A request after the last point passes nothing: it moves nothing, and fresh seeds may draw
        // several such. Most must have moved, or been refused.
        Assert.True(moves + refusals > 25 / 2, $"{name}: only {moves} moves and {refusals} refusals in 25 runs");
    }

    /// <summary>A program moves; if its header says so, some of its moves are refused, each for the reason it gives — and it goes on unchanged either way.</summary>
    private static void AssertRefusedAsExpected(CorpusProgram program, Run run)
    {
        if (program.Refused is null)
        {
            Assert.True(run.Refusals.Count == 0, $"{program.Name}: a move was refused: {string.Join("; ", run.Refusals)}");
            return;
        }
        Assert.All(run.Refusals, r => Assert.Contains(program.Refused, r, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_prepared_program_moved_after_every_line_prints_what_it_prints_unprepared(string name)
    {
        var program = CorpusProgram.Load(name);
        var expected = program.RunOriginal();

        var run = program.RunPrepared(Enumerable.Range(1, expected.Count).ToHashSet());

        Assert.Equal(expected, run.Output);
        AssertRefusedAsExpected(program, run);
        Assert.True(run.Captures + run.Refusals.Count >= 3, $"{name}: only {run.Captures} moves and {run.Refusals.Count} refusals for {expected.Count} lines");
        Assert.True(program.Refused is null || run.Refusals.Count > 0, $"{name} says its moves are refused, but none was");
    }
}
