namespace Grove.Integrations.Telemetry;

/// <summary>One analytics event as PostHog's batch API takes it; properties are already filtered.</summary>
public sealed record PostHogEvent(string Name, string DistinctId, DateTimeOffset Timestamp, IReadOnlyDictionary<string, object> Properties);

/// <summary>
/// PostHog's public capture API (<c>POST {host}/batch/</c>), nothing else: no feature flags, no
/// session recording, no person profiles. The project key comes from the caller (settings or
/// environment); there is no key in the code.
/// </summary>
public interface IPostHogClient
{
    /// <summary>
    /// Sends one batch. Returns false (never throws) when the host is unreachable, slow (a few
    /// seconds at most) or refuses the batch, so a caller can keep or drop the events.
    /// </summary>
    Task<bool> SendBatchAsync(Uri host, string projectKey, IReadOnlyList<PostHogEvent> events, CancellationToken cancellationToken = default);
}
