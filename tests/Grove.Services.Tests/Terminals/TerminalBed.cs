using System.Text;
using Grove.Agents;
using Grove.Core.Domain;
using Grove.Services.Terminals;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Terminals;

/// <summary>
/// Grove's real services with one workspace, and a made-up parent environment: bash as the
/// shell, a temp HOME, and credentials that must never reach a terminal.
/// </summary>
internal sealed class TerminalBed : IAsyncDisposable
{
    public const string AnthropicCanary = "sk-ant-canary-parent-0123456789";
    public const string OtherCanary = "canary-aws-secret-9876";

    private readonly TestRepository _repo;
    private readonly TempDirectory _home;

    private TerminalBed(TestRepository repo, TempDirectory home, TestApp app, Workspace workspace)
    {
        _repo = repo;
        _home = home;
        App = app;
        Workspace = workspace;
    }

    public TestApp App { get; }

    public Workspace Workspace { get; }

    public ITerminals Terminals => App.App.Get<ITerminals>();

    public static async Task<TerminalBed> StartAsync()
    {
        var repo = TestRepository.Create();
        var home = new TempDirectory("term-home");
        var variables = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["HOME"] = home.Path,
            ["SHELL"] = "/bin/bash",
            ["LANG"] = "C.UTF-8",
            ["USER"] = "tester",
            ["ANTHROPIC_API_KEY"] = AnthropicCanary,
            ["AWS_SECRET_ACCESS_KEY"] = OtherCanary,
            ["SOME_RANDOM_SETTING"] = OtherCanary,
        };
        var app = await TestApp.StartAsync(services =>
        {
            services.AddSingleton(new AgentHostEnvironment(variables, home.Path));
            services.AddSingleton(new TerminalOptions { SweepInterval = TimeSpan.FromMilliseconds(100) });
        });
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: TestContext.Current.CancellationToken);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "shell-ws", NoFetch = true }, cancellationToken: TestContext.Current.CancellationToken)).Workspace;
        return new TerminalBed(repo, home, app, workspace);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        _home.Dispose();
        _repo.Dispose();
    }
}

/// <summary>Collects a connection's output and waits for text to appear in it (on each batch, never sleeping).</summary>
internal sealed class TerminalOutput
{
    private readonly ITerminalConnection _connection;
    private readonly StringBuilder _text = new();

    public TerminalOutput(ITerminalConnection connection)
    {
        _connection = connection;
        _text.Append(Encoding.UTF8.GetString(connection.Scrollback.Span));
    }

    public int Batches { get; private set; }

    public string Text => _text.ToString();

    public Task TypeAsync(string keys) =>
        _connection.WriteAsync(Encoding.UTF8.GetBytes(keys), TestContext.Current.CancellationToken);

    public async Task<string> WaitForAsync(string expected)
    {
        var token = TestTimeouts.Token(TestContext.Current.CancellationToken);
        while (!Text.Contains(expected, StringComparison.Ordinal))
        {
            if (!await _connection.Output.WaitToReadAsync(token))
            {
                throw new InvalidOperationException($"The terminal ended before '{expected}' appeared. Output:\n{Text}");
            }

            Drain();
        }

        return Text;
    }

    /// <summary>Reads until the output completes (the terminal ended).</summary>
    public async Task WaitForEndAsync()
    {
        var token = TestTimeouts.Token(TestContext.Current.CancellationToken);
        while (await _connection.Output.WaitToReadAsync(token))
        {
            Drain();
        }
    }

    private void Drain()
    {
        while (_connection.Output.TryRead(out var batch))
        {
            Batches++;
            _text.Append(Encoding.UTF8.GetString(batch.Span));
        }
    }
}
