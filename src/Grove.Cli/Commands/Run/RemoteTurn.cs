using System.Text.Json;
using Grove.Cli.Remote;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Server.Api;
using Grove.Services.Agents;
using Grove.Services.Review;

namespace Grove.Cli.Commands.Run;

/// <summary>
/// One message sent to a tab in the server, followed to the end of its turn: the tab's event stream
/// printed with the same <see cref="TranscriptPrinter"/> as a local run, the turn's permission
/// requests asked here and answered through the approvals endpoint, Ctrl-C sent as an interrupt.
/// While a question waits for its answer the stream is still read: when the request is answered
/// elsewhere (the UI, <c>grove approve</c>) or the turn ends, the question is dropped and the run goes on.
/// A message queued behind a running turn is "ours" once its user event arrives; the results before
/// it belong to the turns ahead. The command returns after the tab status that follows its result
/// (the server stores a tab's status just after it publishes the turn's end), so a <c>grove tabs</c>
/// right after it shows the turn's outcome, not "running".
/// </summary>
internal sealed class RemoteTurn(CliContext context, GroveServerClient server, AgentTab tab, string prompt)
{
    private readonly TranscriptPrinter _printer = new(context.Out, context.Error);
    private readonly PromptInput _answers = new(context.In);
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly Queue<LiveEvent> _held = new();
    private readonly string _tabPath = $"api/tabs/{GroveServerClient.Escape(tab.Id)}";
    private IAsyncEnumerator<LiveEvent>? _events;
    private Task<bool>? _nextEvent;
    private long _start;
    private bool _ours;
    private bool _retrying;
    private volatile bool _interrupted;
    private int? _ended;

    /// <summary>How long a run whose result arrived waits for the status that follows it.</summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        _start = (await server.GetAsync<TabView>(_tabPath, ct)).EventCount;

        // Subscribe before sending, so the turn's live-only text deltas are not missed. The stream is
        // read without the Ctrl-C token: an interrupt ends the turn, and its result ends the command.
        using var response = await server.OpenStreamAsync($"{_tabPath}/stream?after={_start}", ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var sent = await server.PostAsync<MessageResponse>($"{_tabPath}/messages", new MessageBody(prompt), ct);
        if (sent.Waiting is { } waiting)
        {
            context.Progress($"{waiting}; it starts when an agent slot frees");
        }
        else if (!sent.Started)
        {
            context.Progress($"queued at position {sent.QueuePosition}; it starts when the running turn ends");
        }

        await using var onCancel = ct.Register(() => _ = InterruptAsync());
        using var stopReading = new CancellationTokenSource();
        await using var events = SseReader.ReadAsync(body, tab.Id, stopReading.Token).GetAsyncEnumerator(stopReading.Token);
        _events = events;
        while ((_held.Count > 0 ? _held.Dequeue() : _ended is null ? await NextEventAsync() : await NextEventWithinAsync(SettleWait, stopReading)) is { } live)
        {
            _printer.Print(live);
            if (await OnEventAsync(live) is { } exitCode)
            {
                return exitCode;
            }
        }

        if (_ended is { } ended)
        {
            // The result was printed; the status after it did not come in time (or the stream closed).
            return ended;
        }

        context.Error.WriteLine("grove: the server closed the stream.");
        return ExitCodes.Failure;
    }

    /// <summary>The stream's next event within <paramref name="wait"/>; null at its end or when the wait ran out (reading stops then).</summary>
    private async Task<LiveEvent?> NextEventWithinAsync(TimeSpan wait, CancellationTokenSource stopReading)
    {
        _nextEvent ??= _events!.MoveNextAsync().AsTask();
        if (await Task.WhenAny(_nextEvent, Task.Delay(wait, CancellationToken.None)) != _nextEvent)
        {
            await stopReading.CancelAsync();
            try
            {
                await _nextEvent;
            }
            catch (OperationCanceledException)
            {
            }

            _nextEvent = null;
            return null;
        }

        return await NextEventAsync();
    }

    /// <summary>The stream's next event, or null at its end. A read started while a question waited is picked up here.</summary>
    private async Task<LiveEvent?> NextEventAsync()
    {
        var next = _nextEvent ?? _events!.MoveNextAsync().AsTask();
        _nextEvent = null;
        return await next ? _events!.Current : null;
    }

    private async Task<int?> OnEventAsync(LiveEvent live)
    {
        if (_ended is { } ended)
        {
            // Our result was printed: the status that follows it is stored, so the run is over.
            return live.Kind == TabEventHub.StatusKind ? ended : null;
        }

        switch (live.Kind)
        {
            case AgentEventKinds.User when !_ours && AgentEventJson.Deserialize(live.PayloadJson) is UserEvent { FromAgent: false } user && ReviewCommentBlock.Carries(user.Content, prompt):
                _ours = true;
                return null;
            case TabEventHub.StatusKind:
                return await OnStatusAsync(StatusOf(live));
            case AgentEventKinds.Error when _ours && live.PayloadJson.Contains("session_not_found", StringComparison.Ordinal):
                // The server clears the lost session and re-sends the message in a fresh one: keep following.
                _retrying = true;
                return null;
            case AgentEventKinds.Result when _ours:
                var result = (ResultEvent)AgentEventJson.Deserialize(live.PayloadJson);
                if (_retrying && result.IsError)
                {
                    _retrying = false;
                    return null;
                }

                _ended = !result.IsError ? ExitCodes.Success : _interrupted ? ExitCodes.Cancelled : ExitCodes.AgentFailed;
                return null;
            default:
                return null;
        }
    }

    private async Task<int?> OnStatusAsync(string? status)
    {
        if (status == "needsinput")
        {
            if (_ours)
            {
                await AnswerPendingAsync();
            }

            return null;
        }

        // A turn that ends without a result (its process could not start or died) leaves the tab in
        // error; a queued message is dropped when the turn ahead is interrupted or fails.
        var mayHaveEnded = _ours ? status is "error" or "interrupted" : status is "idle" or "error" or "interrupted";
        if (!mayHaveEnded || (await server.GetAsync<TabView>(_tabPath, CancellationToken.None)).Busy)
        {
            return null;
        }

        if (_ours || await StartedAsync())
        {
            // Ours failed without a result; or it already ran and its events are on their way.
            return _ours ? (_interrupted ? ExitCodes.Cancelled : ExitCodes.AgentFailed) : null;
        }

        context.Error.WriteLine("grove: the turn ahead of this message was interrupted or failed; the message stays queued and goes first with the tab's next message.");
        return ExitCodes.AgentFailed;
    }

    private async Task AnswerPendingAsync()
    {
        var pending = await server.GetAsync<List<ApprovalView>>($"api/approvals?tab={GroveServerClient.Escape(tab.Id)}", CancellationToken.None);
        foreach (var ask in pending.Where(p => _asked.Add(p.RequestId)))
        {
            if (await AskWhileFollowingAsync(ask) is not { } answer)
            {
                continue;
            }

            try
            {
                await server.PostAsync($"api/approvals/{GroveServerClient.Escape(ask.RequestId)}", RunPrompts.ToBody(answer), CancellationToken.None);
            }
            catch (GroveException ex) when (ex.Kind == ErrorKind.NotFound)
            {
                context.Out.WriteLine("  (already answered elsewhere)");
            }
        }
    }

    /// <summary>
    /// Asks the question while reading the stream: events that arrive are held for the main loop, and
    /// one that settles the request (its decision, the turn's result, the tab going idle) stops the
    /// question. Null when it was settled elsewhere.
    /// </summary>
    private async Task<ApprovalAnswer?> AskWhileFollowingAsync(ApprovalView ask)
    {
        using var settled = new CancellationTokenSource();
        var question = RunPrompts.AskAsync(context, _printer, _answers, ask.ToolName, ask.Description, ask.Input, settled.Token);
        string? why = null;
        while (why is null && !question.IsCompleted)
        {
            _nextEvent ??= _events!.MoveNextAsync().AsTask();
            if (await Task.WhenAny(question, _nextEvent) == question)
            {
                break;
            }

            if (await NextEventAsync() is not { } live)
            {
                why = "the server closed the stream";
                break;
            }

            _held.Enqueue(live);
            why = Settles(live, ask.RequestId);
        }

        if (why is not null)
        {
            await settled.CancelAsync();
        }

        try
        {
            return await question;
        }
        catch (OperationCanceledException) when (settled.IsCancellationRequested)
        {
            context.Out.WriteLine();
            context.Out.WriteLine($"  ({why}; not waiting for an answer here)");
            return null;
        }
    }

    /// <summary>Why a pending request no longer needs an answer from here, or null while it still does.</summary>
    private static string? Settles(LiveEvent live, string requestId) => live.Kind switch
    {
        AgentEventKinds.PermissionDecision when AgentEventJson.Deserialize(live.PayloadJson) is PermissionDecisionEvent decision && decision.RequestId == requestId =>
            "answered elsewhere",
        AgentEventKinds.Result => "the turn ended",
        TabEventHub.StatusKind when StatusOf(live) is "idle" or "error" or "interrupted" => "the turn ended",
        _ => null,
    };

    /// <summary>Whether our message is in the stored transcript (it ran, though the stream has not shown it yet).</summary>
    private async Task<bool> StartedAsync()
    {
        for (var after = _start; ;)
        {
            var page = await server.GetAsync<List<TranscriptEntry>>($"{_tabPath}/events?after={after}&limit=1000", CancellationToken.None);
            if (page.Any(e => e.Kind == AgentEventKinds.User && AgentEventJson.Deserialize(e.Payload.GetRawText()) is UserEvent { FromAgent: false } user && ReviewCommentBlock.Carries(user.Content, prompt)))
            {
                return true;
            }

            if (page.Count < 1000)
            {
                return false;
            }

            after = page[^1].Sequence;
        }
    }

    private async Task InterruptAsync()
    {
        _interrupted = true;
        context.Error.WriteLine("\n› interrupting…");
        try
        {
            await server.PostAsync($"{_tabPath}/interrupt", new { }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or GroveException)
        {
            context.Error.WriteLine($"grove: could not interrupt the turn: {ex.Message}");
        }
    }

    private static string? StatusOf(LiveEvent live)
    {
        using var payload = JsonDocument.Parse(live.PayloadJson);
        return payload.RootElement.TryGetProperty("status", out var status) ? status.GetString() : null;
    }
}
