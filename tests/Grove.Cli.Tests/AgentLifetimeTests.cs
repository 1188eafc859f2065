using System.Diagnostics;
using System.Text.Json;
using Grove.Testing;
using Microsoft.Data.Sqlite;

namespace Grove.Cli.Tests;

/// <summary>
/// The real <c>grove</c> executable killed with SIGKILL mid-turn: the agent dies with it, and the
/// next Grove command recovers from Claude's own session file what the transcript lacks.
/// </summary>
public sealed class AgentLifetimeTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task GroveKilled_TheAgentDiesWithIt_AndTheNextCommandRecoversFromTheSessionFile()
    {
        await using var api = await FakeAnthropicServer.StartAsync(Ct);
        using var harness = new ClaudeCliHarness(api);
        using var repo = TestRepository.Create();
        using var home = new TempDirectory("grove-kill-home");
        var environment = await SetUpAsync(api, harness, repo, home);

        // A first turn that completes: the transcript and Claude's session file both hold it.
        api.Enqueue(FakeResponse.Text("First reply."));
        await GroveAsync(environment, null, "run", "agent", "A first task");
        var sessionId = JsonDocument.Parse(await GroveAsync(environment, null, "tabs", "agent", "--json")).RootElement[0]
            .GetProperty("tab").GetProperty("sessionId").GetString()!;
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Hang(gate));

        using var grove = Start(environment, "run", "agent", "A long task");
        await gate.Reached.WaitAsync(Ct);
        var agentPid = Assert.Single(Children(grove.Id));
        using var agent = Process.GetProcessById(agentPid);
        grove.Kill();
        await grove.WaitForExitAsync(Ct);

        // The kernel ends the agent with Grove: it never gets to finish the reply.
        await agent.WaitForExitAsync(Ct);
        gate.Release();

        // Claude went on without Grove (as an agent that outlived Grove would): its session file
        // gets a reply the transcript never saw.
        var sessionFile = Assert.Single(Directory.EnumerateFiles(Path.Combine(harness.Home, ".claude", "projects"), sessionId + ".jsonl", SearchOption.AllDirectories));
        var cwd = File.ReadLines(sessionFile).Select(l => JsonDocument.Parse(l).RootElement).First(e => e.TryGetProperty("cwd", out _)).GetProperty("cwd").GetString()!;
        api.Enqueue(FakeResponse.Text("Written after Grove died."));
        await using (var outlived = harness.Start(cwd, ["-p", "carry on", "--resume", sessionId, "--output-format", "stream-json", "--verbose"]))
        {
            await outlived.WaitForResultAsync(Ct);
        }

        // Any Grove command reconciles: the tab is interrupted and the missing reply is recovered.
        var tabs = JsonDocument.Parse(await GroveAsync(environment, null, "tabs", "agent", "--json")).RootElement;
        Assert.Equal("interrupted", tabs[0].GetProperty("tab").GetProperty("status").GetString());
        await using var db = new SqliteConnection($"Data Source={Path.Combine(home.Path, "grove.db")};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync(Ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT kind, payload FROM transcript_events ORDER BY seq;";
        var rows = new List<(string Kind, string Payload)>();
        await using (var reader = await query.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                rows.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        // Claude's session also holds what it wrote for the cut-off request; all of it comes back marked.
        var first = Assert.Single(rows, r => r.Kind == "text" && r.Payload.Contains("First reply.", StringComparison.Ordinal));
        Assert.DoesNotContain("\"recovered\"", first.Payload, StringComparison.Ordinal);
        var recovered = rows.Skip(rows.IndexOf(first) + 1).Where(r => r.Kind == "text").ToList();
        Assert.Contains(recovered, r => r.Payload.Contains("Written after Grove died.", StringComparison.Ordinal));
        Assert.All(recovered, r => Assert.Contains("\"recovered\":true", r.Payload, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Kind == "error" && r.Payload.Contains("recovered from Claude's session file", StringComparison.Ordinal));

        // Reconciled once: the next command adds nothing.
        await GroveAsync(environment, null, "tabs", "agent");
        await using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM transcript_events;";
        Assert.Equal((long)rows.Count, (long)(await count.ExecuteScalarAsync(Ct))!);
    }

    /// <summary>A data folder with the fake API configured the way a user does it, one project and workspace "agent".</summary>
    private static async Task<Dictionary<string, string>> SetUpAsync(FakeAnthropicServer api, ClaudeCliHarness harness, TestRepository repo, TempDirectory home)
    {
        var environment = new Dictionary<string, string>(harness.Environment, StringComparer.Ordinal)
        {
            ["GROVE_HOME"] = home.Path,
            ["GROVE_CLAUDE_PATH"] = harness.BinaryPath,
        };
        foreach (var name in new[] { "DOTNET_ROOT", "DOTNET_ROOT_X64" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        environment.Remove("ANTHROPIC_API_KEY");
        environment.Remove("ANTHROPIC_BASE_URL");
        await GroveAsync(environment, null, "config", "set", "anthropic.base_url", api.BaseUrl.ToString().TrimEnd('/'));
        await GroveAsync(environment, "test-key\n", "secret", "set", "anthropic.api_key");
        await GroveAsync(environment, null, "project", "add", repo.Path);
        await GroveAsync(environment, null, "ws", "new", "repo", "--name", "agent");
        return environment;
    }

    [Fact]
    public async Task CtrlC_InTheTerminal_ReachesGroveOnly_WhichInterruptsTheTurn_AndExits130()
    {
        await using var api = await FakeAnthropicServer.StartAsync(Ct);
        using var harness = new ClaudeCliHarness(api);
        using var repo = TestRepository.Create();
        using var home = new TempDirectory("grove-sigint-home");
        var environment = await SetUpAsync(api, harness, repo, home);
        var gate = new FakeGate();
        api.Enqueue(FakeResponse.Hang(gate));

        // grove as a terminal's foreground job: its own process group, which a Ctrl-C signals as a whole.
        using var grove = Start(environment, drain: true, ownGroup: true, "run", "agent", "A long task");
        await gate.Reached.WaitAsync(Ct);
        Assert.Single(Children(grove.Id));
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", "--", $"-{grove.Id}" }, UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(Ct);
            Assert.Equal(0, kill.ExitCode);
        }

        await grove.WaitForExitAsync(Ct);

        Assert.Equal(130, grove.ExitCode);
        var tabs = JsonDocument.Parse(await GroveAsync(environment, null, "tabs", "agent", "--json")).RootElement;
        Assert.Equal("interrupted", tabs[0].GetProperty("tab").GetProperty("status").GetString());
        var log = await GroveAsync(environment, null, "log", "agent");
        Assert.DoesNotContain("exited unexpectedly", log, StringComparison.OrdinalIgnoreCase);
    }

    private static IReadOnlyList<int> Children(int pid) =>
        [.. Directory.EnumerateDirectories($"/proc/{pid}/task")
            .SelectMany(task => File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse)];

    private static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) => Start(environment, true, false, args);

    private static Process Start(IReadOnlyDictionary<string, string> environment, bool drain, params string[] args) => Start(environment, drain, false, args);

    private static Process Start(IReadOnlyDictionary<string, string> environment, bool drain, bool ownGroup, params string[] args)
    {
        var psi = new ProcessStartInfo(ownGroup ? "/usr/bin/setsid" : DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (ownGroup)
        {
            psi.ArgumentList.Add(DotnetHost());
        }

        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grove.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi)!;
        if (drain)
        {
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return process;
    }

    private static async Task<string> GroveAsync(IReadOnlyDictionary<string, string> environment, string? input, params string[] args)
    {
        using var process = Start(environment, false, args);
        var error = process.StandardError.ReadToEndAsync(Ct);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var text = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"grove {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return text;
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)
            ? fromSdk
            : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
                .Select(dir => Path.Combine(dir, "dotnet")).FirstOrDefault(File.Exists) ?? "dotnet";
    }
}
