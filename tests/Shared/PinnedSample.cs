using CsCheck;

namespace Midflight.Testing;

/// <summary>
/// CsCheck sampling whose every draw is the same on every run. CsCheck's own <c>seed</c> pins only the
/// first iteration and draws the others afresh, so two CI runs of one commit would check different
/// cases, and one could fail where the other passed. Here iteration <c>i</c> draws from a stream of
/// its own, derived from the pinned seed; a failure is then shrunk by CsCheck from the failing draw
/// and reported with its seed, as CsCheck reports any. <c>MIDFLIGHT_RANDOM_SEEDS=1</c>, or no seed,
/// draws fresh cases instead.
/// </summary>
internal static class PinnedSample
{
    /// <summary>How many draws CsCheck gets to find a smaller case once one has failed.</summary>
    private const long ShrinkIterations = 100;

    private static bool FreshSeeds => Environment.GetEnvironmentVariable("MIDFLIGHT_RANDOM_SEEDS") == "1";

    public static void SamplePinned<T>(this Gen<T> gen, Action<T> assert, string? seed, long iter, Func<T, string>? print = null)
    {
        if (seed is null || FreshSeeds)
        {
            gen.Sample(assert, iter: iter, threads: 1, print: print);
            return;
        }
        foreach (var each in Seeds(seed, iter))
        {
            try
            {
                gen.Sample(assert, seed: each, iter: 1, threads: 1, print: print);
            }
            catch (CsCheckException)
            {
                gen.Sample(assert, seed: each, iter: ShrinkIterations, threads: 1, print: print);
                throw;
            }
        }
    }

    public static void SamplePinned<T1, T2>(this Gen<(T1, T2)> gen, Action<T1, T2> assert, string? seed, long iter) =>
        gen.SamplePinned(pair => assert(pair.Item1, pair.Item2), seed, iter);

    public static void SamplePinned<T1, T2, T3>(this Gen<(T1, T2, T3)> gen, Action<T1, T2, T3> assert, string? seed, long iter) =>
        gen.SamplePinned(triple => assert(triple.Item1, triple.Item2, triple.Item3), seed, iter);

    /// <param name="shrink">How many draws CsCheck gets to find a smaller case once one has failed: fewer where each draw takes seconds.</param>
    public static async Task SamplePinnedAsync<T>(this Gen<T> gen, Func<T, Task> assert, string? seed, long iter, Func<T, string>? print = null, long shrink = ShrinkIterations)
    {
        if (seed is null || FreshSeeds)
        {
            await gen.SampleAsync(assert, iter: iter, threads: 1, print: print);
            return;
        }
        foreach (var each in Seeds(seed, iter))
        {
            try
            {
                await gen.SampleAsync(assert, seed: each, iter: 1, threads: 1, print: print);
            }
            catch (CsCheckException)
            {
                await gen.SampleAsync(assert, seed: each, iter: shrink, threads: 1, print: print);
                throw;
            }
        }
    }

    /// <summary>One seed per iteration, each on a stream of its own: streams of one seed draw apart, where neighbouring seeds of one stream may not.</summary>
    private static IEnumerable<string> Seeds(string seed, long iter)
    {
        var pinned = PCG.Parse(seed);
        for (var i = 0u; i < iter; i++)
        {
            yield return new PCG(pinned.Stream + i, pinned.Seed).ToString();
        }
    }
}
