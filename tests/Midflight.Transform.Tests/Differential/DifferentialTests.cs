using CsCheck;

namespace Midflight.Transform.Tests.Differential;

/// <summary>
/// The standard for the transformation: every program of the corpus, prepared and moved to a new
/// instance at random moments (through an encoded snapshot each time), prints exactly what it prints
/// unprepared. Fixed seeds in CI; MIDFLIGHT_RANDOM_SEEDS=1 explores fresh ones.
/// </summary>
public sealed class DifferentialTests
{
    private static string? Seed(string pinned) =>
        Environment.GetEnvironmentVariable("MIDFLIGHT_RANDOM_SEEDS") == "1" ? null : pinned;

    public static TheoryData<string> Programs => [.. CorpusProgram.Names];

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_prepared_program_moved_at_random_moments_prints_what_it_prints_unprepared(string name)
    {
        var program = CorpusProgram.Load(name);
        var expected = program.RunOriginal();
        Assert.True(expected.Count >= 3, $"{name} prints too little to be moved in the middle");

        var moves = 0;
        Gen.Int[1, expected.Count].HashSet[1, 4].Sample(moments =>
        {
            var (output, captures) = program.RunPrepared(moments);
            Assert.Equal(expected, output);
            moves += captures;
        }, seed: Seed("0N0XIzNsQ0O2"), iter: 25, threads: 1);
        // A request after the last point passes nothing: it moves nothing. Most must have moved.
        Assert.True(moves >= 25, $"{name}: only {moves} moves in 25 runs");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void A_prepared_program_moved_after_every_line_prints_what_it_prints_unprepared(string name)
    {
        var program = CorpusProgram.Load(name);
        var expected = program.RunOriginal();

        var (output, captures) = program.RunPrepared(Enumerable.Range(1, expected.Count).ToHashSet());

        Assert.Equal(expected, output);
        Assert.True(captures >= 3, $"{name}: only {captures} moves for {expected.Count} lines");
    }
}
