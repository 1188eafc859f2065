using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Grove.Cli.Remote;
using Grove.Services.Changes;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove ws watch &lt;ws&gt;</c>: follows a workspace's event stream from a running server (file
/// changes with the change summary, its tabs' statuses), one line per event, until Ctrl-C.
/// With <c>--json</c> each event is one JSON line: <c>{"event":…,"data":{…}}</c>.
/// </summary>
internal static class WorkspaceWatchCommand
{
    private const int ShownPaths = 3;

    public static Command Build(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("watch", "Follow a workspace live: changed files, +/- totals and tab statuses until Ctrl-C (needs 'grove serve')") { workspace };
        command.SetAction((parse, ct) => RemoteCommands.WithServerAsync(
            context, client => WatchAsync(context, client, parse.GetValue(workspace)!, parse.GetValue(GroveCli.JsonOption), ct)));
        return command;
    }

    private static async Task<int> WatchAsync(CliContext context, GroveServerClient client, string reference, bool json, CancellationToken ct)
    {
        try
        {
            using var response = await client.OpenStreamAsync($"api/workspaces/{GroveServerClient.Escape(reference)}/events", ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            context.Error.WriteLine($"› watching {reference}; Ctrl-C to stop");
            FilesChangedEvent? pending = null;
            await foreach (var frame in SseReader.ReadAsync(body, reference, ct))
            {
                if (json)
                {
                    using var data = JsonDocument.Parse(frame.PayloadJson);
                    context.Out.WriteLine(JsonSerializer.Serialize(new { @event = frame.Kind, data = data.RootElement }, Json.Compact));
                    continue;
                }

                switch (frame.Kind)
                {
                    case "files_changed":
                        // Printed with the summary that follows it, as one line.
                        var change = Read<FilesChangedEvent>(frame.PayloadJson);
                        pending = pending is null ? change : Merge(pending, change);
                        break;
                    case "status":
                        context.Out.WriteLine(StatusLine(Read<WorkspaceTotals>(frame.PayloadJson), pending));
                        pending = null;
                        break;
                    case "tab_status":
                        var tab = Read<WorkspaceTabStatusEvent>(frame.PayloadJson);
                        context.Out.WriteLine($"{Time(tab.At)} tab {tab.Name}: {tab.Status ?? "unknown"}");
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C is how watching ends.
            return ExitCodes.Success;
        }

        context.Error.WriteLine("grove: the server closed the stream.");
        return ExitCodes.Failure;
    }

    /// <summary><c>12:03:04 changed src/a.cs (+3 -1 in 2 files)</c>; at connect, <c>12:03:04 status: +3 -1 in 2 files</c>.</summary>
    private static string StatusLine(WorkspaceTotals status, FilesChangedEvent? change)
    {
        var totals = status.Error is { } error
            ? error
            : !status.Git
            ? "not a git repository (local mode)"
            : string.Create(CultureInfo.InvariantCulture, $"+{status.Added} -{status.Deleted} in {status.ChangedFiles} {(status.ChangedFiles == 1 ? "file" : "files")}")
              + (status.Ahead > 0 ? $", {status.Ahead} ahead" : string.Empty)
              + (status.Behind > 0 ? $", {status.Behind} behind" : string.Empty);
        if (change is null)
        {
            return $"{Time(status.At)} status: {totals}";
        }

        var what = change.Paths.Count switch
        {
            0 => "git " + string.Join(", ", change.Kinds),
            <= ShownPaths => string.Join(", ", change.Paths),
            _ => $"{string.Join(", ", change.Paths.Take(ShownPaths))} and {change.Paths.Count - ShownPaths} more",
        };
        return $"{Time(change.At)} changed {what} ({totals})";
    }

    private static FilesChangedEvent Merge(FilesChangedEvent first, FilesChangedEvent then) =>
        then with
        {
            Kinds = [.. first.Kinds.Union(then.Kinds, StringComparer.Ordinal)],
            Paths = [.. first.Paths.Union(then.Paths, StringComparer.Ordinal)],
        };

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, GroveServerClient.JsonOptions)!;

    private static string Time(DateTimeOffset at) => at.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
