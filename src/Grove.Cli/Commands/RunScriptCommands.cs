using System.CommandLine;
using System.Text.Json;
using Grove.Cli.Remote;
using Grove.Core.Paths;
using Grove.Core.Workspaces;
using Grove.Services.Runs;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove ws run &lt;ws&gt;</c> starts the workspace's run script and streams its output until it
/// ends; Ctrl-C stops it (the whole process tree). With a server running the run belongs to the
/// server (the UI shows it; <c>--detach</c> returns at once), otherwise to this process.
/// <c>grove ws stop &lt;ws&gt;</c> stops a run the server holds.
/// </summary>
internal static class RunScriptCommands
{
    public static IEnumerable<Command> Build(CliContext context) => [Run(context), Stop(context)];

    private static Command Run(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var detach = new Option<bool>("--detach", "-d") { Description = "Start it in the running server and return (stop it with 'grove ws stop')" };
        var command = new Command("run", "Start the workspace's run script (\"run\" in .grove/worktree.json) with its own ports; streams output, Ctrl-C stops it") { workspace, detach };
        command.SetAction(async (parse, ct) =>
        {
            var reference = parse.GetValue(workspace)!;
            using var server = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment));
            if (server is not null)
            {
                try
                {
                    return await RemoteAsync(context, server, reference, parse.GetValue(detach), parse.GetValue(GroveCli.JsonOption), ct);
                }
                catch (HttpRequestException ex) when (ex.StatusCode is null)
                {
                    context.Warn($"the Grove server in server.json (port {server.Info.Port}) did not answer; running here.");
                }
            }

            if (parse.GetValue(detach))
            {
                context.Error.WriteLine($"grove: --detach needs a running server ({GroveServerClient.NotRunningMessage}).");
                return ExitCodes.ServerNotRunning;
            }

            return await LocalAsync(context, reference, ct);
        });
        return command;
    }

    private static Command Stop(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("stop", "Stop the workspace's run script and everything it started (needs 'grove serve'; a 'grove ws run' here stops with Ctrl-C)") { workspace };
        command.SetAction((parse, ct) => RemoteCommands.WithServerAsync(context, async client =>
        {
            var state = await client.PostAsync<WorkspaceRunState>($"api/workspaces/{GroveServerClient.Escape(parse.GetValue(workspace)!)}/run/stop", null, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, state);
                return ExitCodes.Success;
            }

            context.Out.WriteLine(Describe(state));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> LocalAsync(CliContext context, string reference, CancellationToken ct)
    {
        var runs = await context.GetAsync<IWorkspaceRuns>(ct);
        var before = await runs.GetAsync(reference, ct);
        var started = await runs.StartAsync(reference, ct);
        PrintStart(context, started);
        var printer = new Printer(context);
        try
        {
            await foreach (var update in runs.WatchAsync(reference, before.LastLine, untilEnded: true, ct))
            {
                printer.Print(update.Lines, update.State);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: stopped below.
        }

        if (ct.IsCancellationRequested)
        {
            var stopped = await runs.StopAsync(reference, CancellationToken.None);
            context.Error.WriteLine($"› {Describe(stopped)}");
            return ExitCodes.Success;
        }

        return Finish(context, printer.Last);
    }

    private static async Task<int> RemoteAsync(CliContext context, GroveServerClient client, string reference, bool detach, bool json, CancellationToken ct)
    {
        var path = $"api/workspaces/{GroveServerClient.Escape(reference)}/run";
        var before = await client.GetAsync<WorkspaceRunState>(path, ct);
        var started = await client.PostAsync<WorkspaceRunState>(path, null, ct);
        if (detach)
        {
            if (json)
            {
                Json.Write(context.Out, started);
            }
            else
            {
                PrintStart(context, started);
                context.Out.WriteLine($"Started in the server; follow it in the UI, stop it with 'grove ws stop {reference}'.");
            }

            return ExitCodes.Success;
        }

        PrintStart(context, started);
        var printer = new Printer(context);
        try
        {
            using var response = await client.OpenStreamAsync($"{path}/events?after={before.LastLine}&untilEnded=true", ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            await foreach (var frame in SseReader.ReadAsync(body, reference, ct))
            {
                if (frame.Kind == "output")
                {
                    printer.Print(JsonSerializer.Deserialize<List<RunOutputLine>>(frame.PayloadJson, GroveServerClient.JsonOptions)!, null);
                }
                else if (frame.Kind == "state")
                {
                    printer.Print([], JsonSerializer.Deserialize<WorkspaceRunState>(frame.PayloadJson, GroveServerClient.JsonOptions)!);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            var stopped = await client.PostAsync<WorkspaceRunState>($"{path}/stop", null, CancellationToken.None);
            context.Error.WriteLine($"› {Describe(stopped)}");
            return ExitCodes.Success;
        }

        return Finish(context, printer.Last);
    }

    private static void PrintStart(CliContext context, WorkspaceRunState state)
    {
        var ports = state.Range is { } range ? $" on GROVE_PORT={range.First} ({range})" : string.Empty;
        context.Error.WriteLine($"› running {state.Command}{ports}; Ctrl-C stops it");
    }

    private static int Finish(CliContext context, WorkspaceRunState? last)
    {
        if (last is null)
        {
            return ExitCodes.Success;
        }

        context.Error.WriteLine($"› {Describe(last)}");
        return last.Status == RunStatus.Exited && last.ExitCode != 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    internal static string Describe(WorkspaceRunState state) => state.Status switch
    {
        RunStatus.Running => $"running (pid {state.ProcessId}){Links(state)}",
        RunStatus.Exited => $"exited with code {state.ExitCode}",
        RunStatus.Stopped => "stopped",
        RunStatus.Stopping => "stopping",
        RunStatus.Failed => $"failed: {state.Error}",
        _ => "not running",
    };

    private static string Links(WorkspaceRunState state) => state.Links.Count == 0 ? string.Empty : $"; listening on {string.Join(", ", state.Links)}";

    /// <summary>Prints new lines (stdout to stdout, stderr to stderr) and newly detected ports once.</summary>
    private sealed class Printer(CliContext context)
    {
        private IReadOnlyList<int> _ports = [];

        public WorkspaceRunState? Last { get; private set; }

        public void Print(IReadOnlyList<RunOutputLine> lines, WorkspaceRunState? state)
        {
            foreach (var line in lines)
            {
                (line.IsError ? context.Error : context.Out).WriteLine(line.Text);
            }

            if (state is null)
            {
                return;
            }

            Last = state;
            if (!state.ListeningPorts.SequenceEqual(_ports))
            {
                _ports = state.ListeningPorts;
                if (_ports.Count > 0)
                {
                    context.Error.WriteLine($"› listening on {string.Join(", ", state.Links)}");
                }
            }
        }
    }
}
