using System.Reflection;
using System.Runtime.InteropServices;
using Grove.Agents;
using Grove.Data.Stores;
using Grove.Integrations.Telemetry;
using Grove.Services.Account;
using Grove.Services.Agents;
using Grove.Services.Settings;

namespace Grove.Services.Analytics;

/// <summary>
/// <see cref="IAnalytics"/> over PostHog's batch API: a bounded in-memory queue, one background
/// sender (started by the first event), backoff while the host is unreachable, and a short last
/// flush when Grove closes. Whether it sends is decided from settings and environment at each
/// flush, and at once when the opt-in setting changes (opting out drops what is queued).
/// </summary>
internal sealed class PostHogAnalytics : IAnalytics, IAsyncDisposable
{
    /// <summary>The anonymous install id: a random GUID, kept in settings (not a user setting, never shown).</summary>
    internal const string InstallIdKey = "telemetry.install_id";

    private readonly IPostHogClient _client;
    private readonly ISettingsStore _settings;
    private readonly AgentAuthProvider _auth;
    private readonly IAccountAccess _account;
    private readonly AgentHostEnvironment _host;
    private readonly AnalyticsOptions _options;
    private readonly TimeProvider _time;
    private readonly SettingChanges _changes;
    private readonly Lock _lock = new();
    private readonly List<Pending> _queue = [];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile AnalyticsConfig? _config;
    private Task? _loop;

    public PostHogAnalytics(
        IPostHogClient client,
        ISettingsStore settings,
        AgentAuthProvider auth,
        IAccountAccess account,
        AgentHostEnvironment host,
        AnalyticsOptions options,
        TimeProvider time,
        SettingChanges changes)
    {
        _client = client;
        _settings = settings;
        _auth = auth;
        _account = account;
        _host = host;
        _options = options;
        _time = time;
        _changes = changes;
        _changes.Changed += OnSettingChanged;
    }

    public void Track(string name, IReadOnlyDictionary<string, object>? properties = null)
    {
        if (_config is { Sending: false } || _stop.IsCancellationRequested)
        {
            return;
        }

        var pending = new Pending(name, _time.GetUtcNow(), AnalyticsProperties.Filter(properties));
        int count;
        lock (_lock)
        {
            if (_queue.Count >= _options.MaxQueued)
            {
                _queue.RemoveAt(0);
            }

            _queue.Add(pending);
            count = _queue.Count;
            _loop ??= Task.Run(() => RunAsync(_stop.Token));
        }

        if (count >= _options.BatchSize)
        {
            _wake.TrySetResult();
        }
    }

    public async Task<AnalyticsStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var config = await LoadConfigAsync(cancellationToken);
        var queued = Queued;
        var summary = config switch
        {
            { DoNotTrack: true } => "Off: DO_NOT_TRACK is set in Grove's environment.",
            { OptedIn: false } => "Off: nothing is sent unless you opt in.",
            { Key: null } => "Opted in, but no PostHog project key is set (telemetry.posthog_key or GROVE_POSTHOG_KEY): nothing is sent.",
            _ => $"On: anonymous usage events go to {config.Host.Host}.",
        };
        return new AnalyticsStatus(config.Sending, config.OptedIn, config.Key is not null, config.Key is null ? null : config.Host.ToString(), queued, summary);
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default) => await TryFlushAsync(cancellationToken);

    /// <summary>True while the sender waits for its next flush (tests advance a fake clock only then).</summary>
    internal bool LoopWaiting { get; private set; }

    internal int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            var delay = failures == 0
                ? _options.FlushInterval
                : TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, _options.FlushInterval.Ticks << Math.Min(failures, 16)));
            Task wake;
            lock (_lock)
            {
                wake = _wake.Task;
            }

            try
            {
                var delayed = Task.Delay(delay, _time, stop);
                LoopWaiting = true;
                await Task.WhenAny(wake, delayed);
                LoopWaiting = false;
                lock (_lock)
                {
                    if (_wake.Task.IsCompleted)
                    {
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                if (stop.IsCancellationRequested)
                {
                    return;
                }

                failures = await TryFlushAsync(stop) ? 0 : failures + 1;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Analytics never takes Grove down: a failed flush is retried later.
            catch (Exception)
#pragma warning restore CA1031
            {
                failures++;
            }
        }
    }

    /// <summary>Sends one batch when on (false when it could not be sent and was kept); drops the queue when off.</summary>
    private async Task<bool> TryFlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var config = await LoadConfigAsync(cancellationToken);
            if (!config.Sending)
            {
                Clear();
                return true;
            }

            List<Pending> batch;
            lock (_lock)
            {
                batch = _queue.Take(_options.BatchSize).ToList();
                _queue.RemoveRange(0, batch.Count);
            }

            var (installId, created) = await InstallIdAsync(cancellationToken);
            if (created)
            {
                batch.Insert(0, new Pending(AnalyticsEvents.FirstLaunch, _time.GetUtcNow(), new Dictionary<string, object>()));
            }

            if (batch.Count == 0)
            {
                return true;
            }

            var common = await CommonPropertiesAsync(cancellationToken);
            var events = batch.Select(p => new PostHogEvent(p.Name, installId, p.At, Merge(p.Properties, common))).ToList();
            if (await _client.SendBatchAsync(config.Host, config.Key!, events, cancellationToken))
            {
                return true;
            }

            lock (_lock)
            {
                var room = Math.Max(0, _options.MaxQueued - _queue.Count);
                _queue.InsertRange(0, batch.Skip(Math.Max(0, batch.Count - room)));
            }

            return false;
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task<AnalyticsConfig> LoadConfigAsync(CancellationToken cancellationToken)
    {
        var optedIn = await _settings.GetAsync(SettingKeys.AnalyticsOptIn, cancellationToken) == "true";
        var doNotTrack = _host.Get("DO_NOT_TRACK") is { } dnt && dnt != "0" && !dnt.Equals("false", StringComparison.OrdinalIgnoreCase);
        var key = _host.Get("GROVE_POSTHOG_KEY") ?? await _settings.GetAsync(SettingKeys.PostHogKey, cancellationToken);
        var hostText = _host.Get("GROVE_POSTHOG_HOST") ?? await _settings.GetAsync(SettingKeys.PostHogHost, cancellationToken) ?? AnalyticsOptions.DefaultHost;
        var host = Uri.TryCreate(hostText.TrimEnd('/') + "/", UriKind.Absolute, out var parsed) ? parsed : new Uri(AnalyticsOptions.DefaultHost + "/");
        var config = new AnalyticsConfig(optedIn, doNotTrack, string.IsNullOrWhiteSpace(key) ? null : key.Trim(), host);
        _config = config;
        return config;
    }

    private async Task<(string Id, bool Created)> InstallIdAsync(CancellationToken cancellationToken)
    {
        if (await _settings.GetAsync(InstallIdKey, cancellationToken) is { Length: > 0 } existing)
        {
            return (existing, false);
        }

        var id = Guid.NewGuid().ToString("D");
        await _settings.SetAsync(InstallIdKey, id, cancellationToken);
        return (id, true);
    }

    /// <summary>What every event carries: Grove's version and platform, the plan, and how agents connect.</summary>
    private async Task<Dictionary<string, object>> CommonPropertiesAsync(CancellationToken cancellationToken)
    {
        var common = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["grove_version"] = Version,
            ["os"] = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsWindows() ? "windows" : "other",
            ["arch"] = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        };
        try
        {
            common["connection_method"] = (await _auth.GetAsync(cancellationToken)).ConnectionMethod(_host.Variables);
            var account = await _account.CurrentAsync(cancellationToken);
            common["plan"] = account is null ? "signed_out" : account.PaidPlan ? "paid" : "free";
        }
#pragma warning disable CA1031 // Enrichment is optional: an unreadable credential or account leaves it out.
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
        }

        var filtered = new Dictionary<string, object>(AnalyticsProperties.Filter(common), StringComparer.Ordinal)
        {
            // Anonymous events: PostHog keeps no person profile for the install id.
            ["$process_person_profile"] = false,
            ["$lib"] = "grove",
        };
        return filtered;
    }

    private static Dictionary<string, object> Merge(IReadOnlyDictionary<string, object> own, Dictionary<string, object> common)
    {
        var merged = new Dictionary<string, object>(common, StringComparer.Ordinal);
        foreach (var (key, value) in own)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static string Version { get; } = VersionToken();

    private static string VersionToken()
    {
        var informational = typeof(PostHogAnalytics).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return (plus >= 0 ? informational[..plus] : informational).ToLowerInvariant();
    }

    private void OnSettingChanged(string key, string? value)
    {
        if (key == SettingKeys.AnalyticsOptIn && value != "true")
        {
            // Opting out drops what waits, at once; nothing more is queued.
            _config = (_config ?? new AnalyticsConfig(false, false, null, new Uri(AnalyticsOptions.DefaultHost + "/"))) with { OptedIn = false };
            Clear();
        }
        else if (key.StartsWith("telemetry.", StringComparison.Ordinal))
        {
            _config = null;
        }
    }

    private void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _changes.Changed -= OnSettingChanged;
        await _stop.CancelAsync();
        Task? loop;
        lock (_lock)
        {
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
            if (Queued > 0)
            {
                using var last = new CancellationTokenSource(_options.ShutdownFlush);
                try
                {
                    await TryFlushAsync(last.Token);
                }
#pragma warning disable CA1031 // Closing Grove never waits on analytics beyond ShutdownFlush.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }

        _stop.Dispose();
        _flushing.Dispose();
    }

    private sealed record Pending(string Name, DateTimeOffset At, IReadOnlyDictionary<string, object> Properties);

    private sealed record AnalyticsConfig(bool OptedIn, bool DoNotTrack, string? Key, Uri Host)
    {
        public bool Sending => OptedIn && !DoNotTrack && Key is not null;
    }
}
