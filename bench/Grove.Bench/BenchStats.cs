namespace Grove.Bench;

/// <summary>Order statistics over many timed samples (the machine is shared: medians, not means).</summary>
internal static class BenchStats
{
    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);

    /// <summary>Linear interpolation between the closest ranks.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }

    public static double Micros(long stopwatchTicks) => stopwatchTicks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
}
