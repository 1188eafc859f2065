using Grove.Core.Agents;
using Grove.Testing;

namespace Grove.Agents.Tests.Codex;

/// <summary>A running command's output reaches Grove while the command runs (real Codex CLI, fake Responses API).</summary>
public sealed class CodexLiveOutputTests
{
    private static CancellationToken Token => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_commands_output_streams_as_tool_output_deltas_before_it_ends_and_its_result_holds_all_of_it()
    {
        var ct = Token;
        await using var bed = await CodexBed.StartAsync(ct);
        // The command prints a line, then waits until the test has seen that line live, then prints another.
        // It sleeps first: Codex 0.171 sends no delta for output printed in the moment the process starts
        // (on a quiet machine "echo" at once reached the result only; the later lines streamed).
        bed.Api.Enqueue(
            FakeResponsesTurn.Shell("call_slow", "sleep 1; echo first-line; while [ ! -f seen ]; do sleep 0.05; done; echo second-line"),
            FakeResponsesTurn.Text("Ran it."));
        await using var session = await bed.StartAsync(ct);

        await session.SendUserMessageAsync("Run the slow command", cancellationToken: ct);
        var events = await CodexBed.ReadUntilAsync(session, e => e is PermissionRequestEvent, ct);
        await session.RespondToPermissionAsync(events.OfType<PermissionRequestEvent>().Single().RequestId, PermissionDecision.AllowOnce(), ct);
        await CodexBed.ReadUntilAsync(session, e => e is DeltaEvent { DeltaKind: DeltaKind.ToolOutput } d && d.Delta.Contains("first-line", StringComparison.Ordinal), ct, events);

        // The command is still running (it waits for this file): the line came while it ran.
        Assert.DoesNotContain(events, e => e is ToolResultEvent);
        await File.WriteAllTextAsync(Path.Combine(bed.Repository.Path, "seen"), "", ct);
        await CodexBed.ReadUntilAsync(session, e => e is ResultEvent, ct, events);

        var deltas = events.OfType<DeltaEvent>().Where(d => d.DeltaKind == DeltaKind.ToolOutput).ToList();
        Assert.All(deltas, d => Assert.Equal("call_slow", d.MessageId));
        Assert.Equal("first-line\nsecond-line\n", string.Concat(deltas.Select(d => d.Delta)));
        var result = events.OfType<ToolResultEvent>().Single(r => r.ToolUseId == "call_slow");
        Assert.True(events.IndexOf(deltas[^1]) < events.IndexOf(result));
        Assert.Equal("first-line\nsecond-line\n", result.Content);
        Assert.True(deltas.Single(d => d.Delta.Contains("first-line", StringComparison.Ordinal)).IsTransient);
    }
}
