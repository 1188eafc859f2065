namespace Grove.Services.Analytics;

/// <summary>How the analytics queue behaves; tests shorten the intervals.</summary>
internal sealed class AnalyticsOptions
{
    /// <summary>PostHog's US cloud; only a host, never a key.</summary>
    public const string DefaultHost = "https://us.i.posthog.com";

    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait after failed sends (doubling from <see cref="FlushInterval"/>).</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most this many events wait; beyond it the oldest are dropped.</summary>
    public int MaxQueued { get; set; } = 500;

    /// <summary>A flush starts early once this many events wait.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>What closing Grove may spend sending the last events.</summary>
    public TimeSpan ShutdownFlush { get; set; } = TimeSpan.FromSeconds(1);
}
