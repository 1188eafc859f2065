using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Agents;
using Grove.Server.Api;
using Grove.Services.Agents;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove attach &lt;tab&gt;</c>: follows a tab's event stream from a running server and prints it.
/// Ends when the running turn's result arrives (or, for an idle tab, once its transcript is shown), or on Ctrl-C.
/// </summary>
internal static class AttachCommand
{
    public static Command Build(CliContext context)
    {
        var tab = new Argument<string>("tab") { Description = "Tab id, <workspace>:<tab>, or a workspace with one tab" };
        var after = new Option<long>("--after") { Description = "Show events after this sequence number (default: the whole transcript)" };
        var command = new Command("attach", "Follow a tab live: its transcript, then new events until the turn ends (needs 'grove serve')") { tab, after };
        command.SetAction((parse, ct) => RemoteCommands.WithServerAsync(context, client => FollowAsync(context, client, parse.GetValue(tab)!, parse.GetValue(after), ct)));
        return command;
    }

    private static async Task<int> FollowAsync(CliContext context, GroveServerClient client, string reference, long after, CancellationToken ct)
    {
        var view = await client.GetAsync<TabView>($"api/tabs/{GroveServerClient.Escape(reference)}", ct);
        var tabId = view.Tab.Id;

        // A running (or just-queued) turn ends with a result stored after what exists now; an idle tab
        // with history is shown up to its last event; an idle empty tab waits for its first turn.
        var waitForTurn = view.Busy || view.EventCount == 0;
        var endAt = view.EventCount;
        if (!waitForTurn && after >= endAt)
        {
            context.Error.WriteLine($"› {view.Tab.Name} is idle; nothing after #{after}.");
            return ExitCodes.Success;
        }

        context.Error.WriteLine($"› attached to {view.Tab.Name} ({tabId}){(waitForTurn ? "; Ctrl-C to detach" : string.Empty)}");
        using var response = await client.OpenStreamAsync($"api/tabs/{GroveServerClient.Escape(tabId)}/stream?after={after}", ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var printer = new TranscriptPrinter(context.Out, context.Error);
        await foreach (var live in SseReader.ReadAsync(body, tabId, ct))
        {
            printer.Print(live);
            if (live.Kind == AgentEventKinds.PermissionRequest && AgentEventJson.Deserialize(live.PayloadJson) is PermissionRequestEvent ask)
            {
                context.Out.WriteLine($"  ? {ask.ToolName} needs approval: grove approve {ask.RequestId}   (or: grove deny {ask.RequestId} -m \"…\")");
            }

            if (waitForTurn && live.Kind == AgentEventKinds.Result && live.Sequence > endAt)
            {
                printer.Finish();
                return ((ResultEvent)AgentEventJson.Deserialize(live.PayloadJson)).IsError ? ExitCodes.AgentFailed : ExitCodes.Success;
            }

            if (!waitForTurn && live.Sequence >= endAt)
            {
                printer.Finish();
                return ExitCodes.Success;
            }
        }

        printer.Finish();
        context.Error.WriteLine("grove: the server closed the stream.");
        return ExitCodes.Failure;
    }
}
