using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Paths;
using Grove.Core.Workspaces;
using Grove.Services.Checkpoints;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove checkpoints &lt;ws&gt;</c> lists a tab's checkpoints (one before each agent turn, numbered
/// from 1); <c>grove restore &lt;ws&gt; &lt;n&gt;</c> shows the files that change, asks, and puts them
/// back as they were before turn n (through the server when one runs, so a running turn is seen).
/// </summary>
internal static class CheckpointCommands
{
    private static readonly string[] Headers = ["#", "time", "changed since", "turn"];

    public static IEnumerable<Command> Build(CliContext context) => [List(context), Restore(context)];

    private static Option<string?> TabOption() => new("--tab", "-t") { Description = "Tab name or id (default: the workspace's most recently active tab)" };

    private static Command List(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var tab = TabOption();
        var command = new Command("checkpoints", "A tab's checkpoints: the files as they were before each agent turn, numbered from 1") { workspace, tab };
        command.SetAction(async (parse, ct) =>
        {
            var list = await (await context.GetAsync<ICheckpoints>(ct)).ListAsync(parse.GetValue(workspace)!, parse.GetValue(tab), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, list);
                return ExitCodes.Success;
            }

            if (list.Count == 0)
            {
                context.Out.WriteLine("No checkpoints yet: one is taken before each agent turn.");
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Tab '{list[0].TabName}' ({list[0].TabId}); restore with 'grove restore {parse.GetValue(workspace)} <#>'.");
            Table.Write(context.Out, Headers, list.Select(c => (IReadOnlyList<string?>)
            [
                c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                c.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                c.ChangedSince.Count == 0 ? "nothing" : $"{c.ChangedSince.Count} file(s)",
                Shorten(c.Prompt),
            ]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Restore(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var number = new Argument<int>("number") { Description = "The checkpoint (turn) number from 'grove checkpoints'" };
        var tab = TabOption();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask" };
        var fork = new Option<bool>("--fork") { Description = "Also fork the conversation from just before that turn into a new tab" };
        var command = new Command("restore", "Put a workspace's files back as they were before turn <number> (index and HEAD untouched)") { workspace, number, tab, yes, fork };
        command.SetAction(async (parse, ct) =>
        {
            var reference = parse.GetValue(workspace)!;
            var n = parse.GetValue(number);
            var checkpoints = await context.GetAsync<ICheckpoints>(ct);
            var checkpoint = await checkpoints.GetAsync(reference, n, parse.GetValue(tab), ct);
            if (!parse.GetValue(GroveCli.JsonOption))
            {
                context.Out.WriteLine($"Before turn {checkpoint.Number} of tab '{checkpoint.TabName}': {Shorten(checkpoint.Prompt)}");
                if (checkpoint.ChangedSince.Count == 0)
                {
                    context.Out.WriteLine("The files are already as they were then.");
                }

                foreach (var file in checkpoint.ChangedSince)
                {
                    context.Out.WriteLine($"  {file.Change,-9} {file.Path}");
                }
            }

            if (!parse.GetValue(yes) && checkpoint.ChangedSince.Count > 0)
            {
                context.Out.Write($"Restore {checkpoint.ChangedSince.Count} file(s)? [y/N] ");
                context.Out.Flush();
                var answer = (await context.In.ReadLineAsync(ct))?.Trim();
                if (answer is not ("y" or "Y" or "yes"))
                {
                    context.Out.WriteLine("Nothing restored.");
                    return ExitCodes.Failure;
                }
            }

            var restored = await RestoreAsync(context, checkpoints, reference, n, checkpoint.TabId, parse.GetValue(fork), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, restored);
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Restored {restored.Files.Count} file(s) to before turn {n}.");
            if (restored.ForkTabId is not null)
            {
                context.Out.WriteLine($"Forked the conversation into tab {restored.ForkTabId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Through the server when one runs (it knows whether the tab is mid-turn), else here.</summary>
    private static async Task<CheckpointRestore> RestoreAsync(CliContext context, ICheckpoints local, string workspace, int number, string tabId, bool fork, CancellationToken ct)
    {
        using var server = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment));
        if (server is not null)
        {
            try
            {
                return await server.PostAsync<CheckpointRestore>(
                    $"api/workspaces/{GroveServerClient.Escape(workspace)}/checkpoints/{number}/restore", new { tab = tabId, fork }, ct);
            }
            catch (HttpRequestException ex) when (ex.StatusCode is null)
            {
                context.Warn($"the Grove server in server.json (port {server.Info.Port}) did not answer; restoring here.");
            }
        }

        return await local.RestoreAsync(workspace, number, tabId, fork, ct);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..59] + "…";
}
