using System.Collections.Concurrent;
using System.Text.Json;
using Grove.Core.Mcp;
using Grove.Integrations.Mcp;

namespace Grove.Services.Mcp;

/// <summary>
/// Probe results by definition: a result is reused until the definition changes; a failure or a
/// sign-in answer is retried after <see cref="RetryAfter"/>. At most <see cref="Parallel"/> probes run at once.
/// </summary>
internal sealed class McpProbeCache(IMcpProber prober, TimeProvider time) : IDisposable
{
    public const int Parallel = 4;

    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, McpProbeResult> _results = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(Parallel, Parallel);

    public McpProbeResult? Cached(McpServerDefinition definition, string? workingDirectory) =>
        _results.TryGetValue(Key(definition, workingDirectory), out var result) ? result : null;

    public async Task<McpProbeResult> GetAsync(McpServerDefinition definition, string? workingDirectory, TimeSpan timeout, bool force, CancellationToken cancellationToken)
    {
        var key = Key(definition, workingDirectory);
        if (!force && _results.TryGetValue(key, out var cached) && !Stale(cached))
        {
            return cached;
        }

        await _slots.WaitAsync(cancellationToken);
        try
        {
            var result = await prober.ProbeAsync(definition, workingDirectory, timeout, cancellationToken);
            _results[key] = result;
            return result;
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private bool Stale(McpProbeResult result) =>
        result.Status != McpServerStatus.Connected && (result.ProbedAt is not { } at || time.GetUtcNow() - at >= RetryAfter);

    private static string Key(McpServerDefinition definition, string? workingDirectory) =>
        JsonSerializer.Serialize(new
        {
            definition.Name,
            definition.TypeName,
            definition.Command,
            definition.Args,
            Env = definition.Env.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList(),
            definition.Url,
            Headers = definition.Headers.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList(),
            workingDirectory,
        });
}
