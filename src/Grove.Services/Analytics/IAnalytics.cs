namespace Grove.Services.Analytics;

/// <summary>
/// Product analytics (PostHog), off unless a project key is configured (setting
/// <c>telemetry.posthog_key</c> or <c>GROVE_POSTHOG_KEY</c>) and the user opted in (setting
/// <c>telemetry.analytics</c> = true; <c>DO_NOT_TRACK=1</c> always wins). Events carry an anonymous
/// install id and only the properties <see cref="AnalyticsProperties"/> lets through: never paths,
/// prompts, code or branch names. Use cases call <see cref="Track"/>; it never waits and never throws.
/// </summary>
public interface IAnalytics
{
    /// <summary>Queues one event (bounded; the oldest are dropped first). Does nothing when analytics is off.</summary>
    void Track(string name, IReadOnlyDictionary<string, object>? properties = null);

    /// <summary>Whether events are sent, where to, and why not.</summary>
    Task<AnalyticsStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends what is queued now (when on); drops it when off.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}

/// <summary>What the settings screen shows about analytics.</summary>
public sealed record AnalyticsStatus(bool Sending, bool OptedIn, bool Configured, string? Host, int Queued, string Summary);

/// <summary>The events Grove sends (the seed's events under Grove's names).</summary>
public static class AnalyticsEvents
{
    public const string AppOpened = "app_opened";
    public const string FirstLaunch = "first_launch";
    public const string SignedIn = "signed_in";
    public const string ProjectOpened = "project_opened";
    public const string WorkspaceCreated = "workspace_created";
    public const string WorkspaceArchived = "workspace_archived";
    public const string MessageSent = "message_sent";
    public const string PrCreated = "pr_created";
    public const string CommitCreated = "commit_created";
    public const string TabCreated = "tab_created";
}
