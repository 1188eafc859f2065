using Grove.Agents;
using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;
using Grove.Data.Stores;

namespace Grove.Services.Agents;

internal sealed class AgentKinds(
    IAgentDrivers drivers,
    IEnumerable<IAgentProgramProbe> probes,
    IEnumerable<IAgentSessionForker> forkers,
    ISettingsStore settings,
    TimeProvider time) : IAgentKinds, IDisposable
{
    /// <summary>How long a probe's answer is reused before the program is run again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>The kind used when the setting names none (or one that is not registered).</summary>
    public const string FallbackKind = ClaudeCodeKind.Kind;

    private readonly Dictionary<string, IAgentProgramProbe> _probes = probes
        .GroupBy(p => p.Kind, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private readonly HashSet<string> _forkable = [.. forkers.Select(f => f.Kind)];
    private readonly SemaphoreSlim _probing = new(1, 1);
    private (IReadOnlyList<AgentProgramStatus> Statuses, DateTimeOffset At)? _cached;

    public IReadOnlyList<string> Kinds { get; } = [.. drivers.Kinds];

    public async Task<IReadOnlyList<AgentKindInfo>> ListAsync(bool refresh = false, CancellationToken cancellationToken = default)
    {
        var statuses = await ProbeAllAsync(refresh, cancellationToken);
        var defaultKind = await DefaultKindAsync(cancellationToken);
        return [.. statuses
            .OrderByDescending(s => s.Kind == defaultKind)
            .ThenByDescending(s => s.Kind == FallbackKind)
            .ThenBy(s => s.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(s => new AgentKindInfo(s.Kind, s.DisplayName, s.Kind == defaultKind, s.Usable, s.Path, s.Version, s.Source, s.Auth, s.Problem, CanFork(s.Kind)) { Models = ModelsOf(s.Kind) })];
    }

    public async Task<string> DefaultKindAsync(CancellationToken cancellationToken = default)
    {
        var configured = await settings.GetAsync(SettingKeys.DefaultAgentKind, cancellationToken);
        return configured is not null && drivers.Kinds.Contains(configured) ? configured
            : drivers.Kinds.Contains(FallbackKind) ? FallbackKind
            : drivers.Kinds.First();
    }

    public async Task<string> ResolveAsync(string? kind, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(kind)
            ? await DefaultKindAsync(cancellationToken)
            : drivers.Get(kind.Trim()).Kind; // NotFound with the known kinds

    public string DisplayNameOf(string kind) => _probes.TryGetValue(kind, out var probe) ? probe.DisplayName : kind;

    public bool CanFork(string kind) => _forkable.Contains(kind);

    public IReadOnlyList<string> ModelsOf(string kind) => _probes.TryGetValue(kind, out var probe) ? probe.Models : [];

    public void Dispose() => _probing.Dispose();

    private async Task<IReadOnlyList<AgentProgramStatus>> ProbeAllAsync(bool refresh, CancellationToken cancellationToken)
    {
        await _probing.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && _cached is { } cached && time.GetUtcNow() - cached.At < CacheFor)
            {
                return cached.Statuses;
            }

            var statuses = await Task.WhenAll(drivers.Kinds.Select(kind => ProbeAsync(kind, cancellationToken)));
            _cached = (statuses, time.GetUtcNow());
            return statuses;
        }
        finally
        {
            _probing.Release();
        }
    }

    /// <summary>One kind's state; a kind without a probe is listed as usable with nothing known about its program.</summary>
    private async Task<AgentProgramStatus> ProbeAsync(string kind, CancellationToken cancellationToken)
    {
        if (!_probes.TryGetValue(kind, out var probe))
        {
            return new AgentProgramStatus(kind, kind, true, null, null, null, null, null);
        }

        try
        {
            return await probe.ProbeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A probe must not throw; if one does, the kind is shown as unusable with the reason.
            return new AgentProgramStatus(kind, probe.DisplayName, false, null, null, null, null, $"Checking {probe.DisplayName} failed: {ex.Message}");
        }
    }
}
