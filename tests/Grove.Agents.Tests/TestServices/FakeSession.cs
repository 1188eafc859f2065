using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;
using Grove.Testing;

namespace Grove.Agents.Tests.TestServices;

/// <summary>A real <see cref="ClaudeSession"/> running the fake agent program in a temp worktree, with helpers to wait for events.</summary>
internal sealed class FakeSession : IAsyncDisposable
{
    public static readonly string FakeAgentPath =
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Grove.FakeAgent.exe" : "Grove.FakeAgent");

    private readonly TempDirectory _temp;

    private FakeSession(TempDirectory temp, IAgentSession session)
    {
        _temp = temp;
        Session = session;
    }

    public IAgentSession Session { get; }

    public List<AgentEvent> Seen { get; } = [];

    public string Worktree => _temp.Combine("worktree");

    public string RawLogPath => _temp.Combine("logs", "raw.jsonl");

    public static CancellationToken Token => TestTimeouts.Token(TestContext.Current.CancellationToken);

    public static async Task<FakeSession> StartAsync(
        FakeAgentScript script,
        Action<ClaudeCodeOptions>? configure = null,
        Func<AgentStartOptions, AgentStartOptions>? adjust = null,
        IReadOnlyDictionary<string, string>? parentExtra = null)
    {
        var temp = new TempDirectory("grove-session");
        Directory.CreateDirectory(temp.Combine("worktree"));
        var scriptPath = script.WriteTo(temp.Combine("script.json"));
        var options = new ClaudeCodeOptions { ControlTimeout = TimeSpan.FromSeconds(10), InterruptTimeout = TimeSpan.FromSeconds(10) };
        configure?.Invoke(options);

        var process = AgentHostEnvironment.FromProcess();
        var variables = new Dictionary<string, string>(process.Variables);
        foreach (var (key, value) in parentExtra ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        var host = process with { Variables = variables };
        var driver = new ClaudeCodeDriver(new NoLocator(), options, host);
        var start = new AgentStartOptions
        {
            WorkingDirectory = temp.Combine("worktree"),
            ExecutablePath = FakeAgentPath,
            RawLogPath = temp.Combine("logs", "raw.jsonl"),
            Environment = new Dictionary<string, string> { ["FAKE_AGENT_SCRIPT"] = scriptPath },
        };
        var session = await driver.StartAsync(adjust?.Invoke(start) ?? start, Token);
        return new FakeSession(temp, session);
    }

    /// <summary>Reads events until one of type <typeparamref name="T"/> matches; everything read is kept in <see cref="Seen"/>.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null)
        where T : AgentEvent
    {
        var token = Token;
        while (await Session.Events.WaitToReadAsync(token))
        {
            while (Session.Events.TryRead(out var agentEvent))
            {
                Seen.Add(agentEvent);
                if (agentEvent is T typed && (match is null || match(typed)))
                {
                    return typed;
                }
            }
        }

        throw new InvalidOperationException($"The event stream ended before a {typeof(T).Name}; seen: {string.Join(", ", Seen.Select(e => e.Kind))}");
    }

    /// <summary>Waits for a fake-agent echo line (<c>system/&lt;subtype&gt;</c>).</summary>
    public Task<SystemEvent> WaitForFakeAsync(string subtype) => WaitForAsync<SystemEvent>(e => e.Subtype == subtype);

    /// <summary>Reads the rest of the stream until it completes.</summary>
    public async Task<List<AgentEvent>> DrainAsync()
    {
        var rest = new List<AgentEvent>();
        await foreach (var agentEvent in Session.ReadEventsAsync(Token))
        {
            rest.Add(agentEvent);
        }

        Seen.AddRange(rest);
        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>Sessions in these tests name their program, so locating one is a bug.</summary>
    private sealed class NoLocator : IClaudeLocator
    {
        public Task<ClaudeInstallation> LocateAsync(CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The test named its program; the locator must not run.");

        public Task<Version?> GetVersionAsync(string executablePath, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Not used.");
    }
}
