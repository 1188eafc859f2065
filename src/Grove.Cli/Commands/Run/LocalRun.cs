using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// <c>grove run</c> without a server: this process starts the agent, follows the tab's events,
/// answers permissions from its input and stops the agent when the turn ends.
/// </summary>
internal static class LocalRun
{
    public static async Task<int> RunAsync(CliContext context, RunRequest request, CancellationToken ct)
    {
        var app = await context.AppAsync(ct);
        var tabs = app.Get<IAgentTabs>();
        var runs = app.Get<IAgentRuns>();
        var target = await tabs.FindOrCreateAsync(request.Workspace, request.Tab, request.AgentKind, ct);
        target = await tabs.UpdateAsync(target.Id, t => t with
        {
            Mode = request.Mode ?? t.Mode,
            Model = request.Model ?? t.Model,
            PermissionMode = request.PermissionMode ?? t.PermissionMode,
            MaxTurns = request.MaxTurnsFor(t.MaxTurns),
        }, ct);

        var after = await app.Get<ITranscripts>().LastSequenceAsync(target.Id, ct);
        var (result, interrupted) = await RunTurnAsync(context, runs, target, request.Prompt, after, ct);
        return result is { IsError: false } ? ExitCodes.Success
            : interrupted ? ExitCodes.Cancelled
            : ExitCodes.AgentFailed;
    }

    private static async Task<(ResultEvent? Result, bool Interrupted)> RunTurnAsync(CliContext context, IAgentRuns runs, AgentTab tab, string prompt, long after, CancellationToken ct)
    {
        var interrupted = false;
        var result = await FollowTurnAsync(context, runs, tab, prompt, after, () => interrupted = true, ct);
        return (result, interrupted);
    }

    private static async Task<ResultEvent?> FollowTurnAsync(CliContext context, IAgentRuns runs, AgentTab tab, string prompt, long after, Action onInterrupt, CancellationToken ct)
    {
        var printer = new TranscriptPrinter(context.Out, context.Error);
        var answers = new PromptInput(context.In);
        using var follow = new CancellationTokenSource();
        var interrupted = false;
        var retrying = false;
        await using var onCancel = ct.Register(() => _ = InterruptAsync());
        async Task InterruptAsync()
        {
            interrupted = true;
            onInterrupt();
            context.Error.WriteLine("\n› interrupting…");
            await runs.InterruptAsync(tab.Id, CancellationToken.None);
        }

        try
        {
            await runs.SendAsync(tab.Id, prompt, ct);
            await foreach (var live in runs.Events.SubscribeAsync(tab.Id, after, includeLiveOnly: true, follow.Token))
            {
                printer.Print(live);
                if (live.Kind == TabEventHub.StatusKind && live.PayloadJson.Contains("needsinput", StringComparison.Ordinal))
                {
                    foreach (var pending in runs.GetPending(tab.Id))
                    {
                        var ask = pending.Request;
                        await runs.AnswerAsync(pending.Id, await RunPrompts.AskAsync(context, printer, answers, ask.ToolName, ask.Description, ask.Input, CancellationToken.None), CancellationToken.None);
                    }
                }
                else if (live.Kind == AgentEventKinds.Error && live.PayloadJson.Contains("session_not_found", StringComparison.Ordinal))
                {
                    // Grove clears the lost session and re-sends the message in a fresh one: keep following.
                    retrying = true;
                }
                else if (live.Kind == AgentEventKinds.Result)
                {
                    var result = (ResultEvent)AgentEventJson.Deserialize(live.PayloadJson);
                    if (retrying && result.IsError)
                    {
                        retrying = false;
                        continue;
                    }

                    return result;
                }
                else if (live.Kind == TabEventHub.StatusKind && (live.PayloadJson.Contains("error", StringComparison.Ordinal) || live.PayloadJson.Contains("interrupted", StringComparison.Ordinal)) && !runs.IsBusy(tab.Id))
                {
                    return null;
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (interrupted)
        {
            return null;
        }
        finally
        {
            await runs.StopAsync(tab.Id, CancellationToken.None);
        }
    }
}
