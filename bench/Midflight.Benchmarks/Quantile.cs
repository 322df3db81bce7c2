namespace Midflight.Benchmarks;

/// <summary>The harnesses' percentiles: the nearest-rank quantile of what they measured.</summary>
internal static class Quantile
{
    /// <summary>The value below which <paramref name="quantile"/> of <paramref name="values"/> lie (0.5: the median, 0.99: p99).</summary>
    public static double Of(IEnumerable<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
