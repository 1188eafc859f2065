using Grove.Agents.Codex;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Agents.Tests.Codex;

/// <summary>
/// The real, pinned Codex CLI driven by Grove's Codex driver against a <see cref="FakeResponsesServer"/>,
/// in a git worktree of its own, with its own HOME and CODEX_HOME. Fails (never skips) when the CLI
/// is not installed: CI installs it with <c>.ci/install-codex.sh</c>.
/// </summary>
internal sealed class CodexBed : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private CodexBed(FakeResponsesServer api, CodexCliHarness cli, TestRepository repository, ServiceProvider services)
    {
        Api = api;
        Cli = cli;
        Repository = repository;
        _services = services;
        Driver = services.GetRequiredService<IAgentDrivers>().Get(CodexDriver.DriverKind);
    }

    public FakeResponsesServer Api { get; }

    public CodexCliHarness Cli { get; }

    public TestRepository Repository { get; }

    public IAgentDriver Driver { get; }

    /// <summary>Codex's session reader (crash recovery), as Grove's services find it.</summary>
    public IAgentSessionReader Reader => _services.GetServices<IAgentSessionReader>().Single(r => r.Kind == CodexDriver.DriverKind);

    /// <summary>Codex's forker, as Grove's services find it.</summary>
    public IAgentSessionForker Forker => _services.GetServices<IAgentSessionForker>().Single(f => f.Kind == CodexDriver.DriverKind);

    public static async Task<CodexBed> StartAsync(CancellationToken cancellationToken)
    {
        var cli = new CodexCliHarness();
        var api = await FakeResponsesServer.StartAsync(cancellationToken);
        var repository = TestRepository.Create(files: new Dictionary<string, string> { ["README.md"] = "# test\n" });
        var services = new ServiceCollection()
            .AddGroveAgents(configureCodex: o =>
            {
                o.HomeDirectory = cli.CodexHome;
                o.ExecutablePath = cli.BinaryPath;
            })
            .BuildServiceProvider();
        return new CodexBed(api, cli, repository, services);
    }

    public AgentStartOptions Options(AgentMode mode = AgentMode.Agent, string? resume = null, string? rawLog = null) => new()
    {
        WorkingDirectory = Repository.Path,
        ExecutablePath = Cli.BinaryPath,
        Model = CodexCliHarness.Model,
        Mode = mode,
        ResumeSessionId = resume,
        Auth = new AgentAuth { OpenAiApiKey = "sk-test-key", OpenAiBaseUrl = Api.ApiBaseUrl },
        Environment = Cli.Environment,
        RawLogPath = rawLog,
    };

    public Task<IAgentSession> StartAsync(CancellationToken cancellationToken, AgentMode mode = AgentMode.Agent, string? resume = null, string? rawLog = null) =>
        Driver.StartAsync(Options(mode, resume, rawLog), cancellationToken);

    /// <summary>Reads events until <paramref name="stop"/> matches (inclusive); fails with what arrived when the stream ends first.</summary>
    public static async Task<List<AgentEvent>> ReadUntilAsync(IAgentSession session, Func<AgentEvent, bool> stop, CancellationToken cancellationToken, List<AgentEvent>? into = null)
    {
        var events = into ?? [];
        await foreach (var e in session.ReadEventsAsync(cancellationToken))
        {
            events.Add(e);
            if (stop(e))
            {
                return events;
            }
        }

        throw new InvalidOperationException($"The stream ended first: {string.Join(", ", events.Select(Describe))}; stderr: {session.StderrTail}");
    }

    public static string Describe(AgentEvent e) => e switch
    {
        ErrorEvent error => $"error({error.ErrorKind}: {error.Message})",
        SystemEvent system => $"system({system.Subtype})",
        _ => e.Kind,
    };

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Api.DisposeAsync();
        Repository.Dispose();
        Cli.Dispose();
    }
}
