using System.Text.Json;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli.Tests;

/// <summary>Runs <c>grove</c> in-process with its own data folder and captured streams.</summary>
public sealed class CliRunner : IDisposable
{
    private readonly TempDirectory _home = new("grove-cli-home");

    public string Home => _home.Path;

    public string WorktreesRoot => Path.Combine(Home, "worktrees");

    /// <summary>Text typed at the prompts of the next commands (one answer per line).</summary>
    public string Input { get; set; } = string.Empty;

    /// <summary>Changes Grove's services for every command (e.g. the agent's environment).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>More environment variables for the next commands (GROVE_HOME is always set).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Cancelling it is the user's Ctrl-C during the next commands.</summary>
    public CancellationToken Interrupt { get; set; }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string>(Environment) { ["GROVE_HOME"] = Home };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeouts.Token(TestContext.Current.CancellationToken), Interrupt);
        var exit = await GroveCli.RunAsync(
            args, output, error, key => environment.GetValueOrDefault(key), cancel.Token, new StringReader(Input), ConfigureServices);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs and asserts success, returning stdout.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"grove {string.Join(' ', args)} exited {result.ExitCode}: {result.Error}");
        return result.Output;
    }

    public async Task<JsonElement> JsonAsync(params string[] args) =>
        JsonDocument.Parse(await OkAsync([.. args, "--json"])).RootElement.Clone();

    public void Dispose() => _home.Dispose();
}

public sealed record CliResult(int ExitCode, string Output, string Error);
