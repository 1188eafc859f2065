using System.Text.Json;
using Grove.Core.Agents;
using Grove.Services.Agents;

namespace Grove.Cli.Tests;

public sealed class TranscriptPrinterTests
{
    [Fact]
    public void AMalformedLineWarning_WaitsForTheStreamedLineToEnd_AndGoesToStderr()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var printer = new TranscriptPrinter(output, errors);

        printer.Print(new DeltaEvent("msg_1", 0, DeltaKind.Text, "Hello wor"));
        printer.Print(new ErrorEvent(AgentErrorKind.MalformedOutput, "Claude Code printed a line Grove could not read (not valid JSON); it was skipped."));
        Assert.Equal(string.Empty, errors.ToString());
        printer.Print(new DeltaEvent("msg_1", 0, DeltaKind.Text, "ld, and more"));
        printer.Print(new TextEvent("msg_1", "Hello world, and more"));

        Assert.Equal("Hello world, and more" + Environment.NewLine, output.ToString());
        Assert.Equal("warning: Claude Code printed a line Grove could not read (not valid JSON); it was skipped." + Environment.NewLine, errors.ToString());
    }

    [Fact]
    public void ARunningCommandsOutput_IsPrintedLineByLineUnderItsCall_AndTheResultDoesNotRepeatIt()
    {
        var output = new StringWriter();
        var printer = new TranscriptPrinter(output, new StringWriter());

        printer.Print(new DeltaEvent("call_1", 0, DeltaKind.ToolOutput, "one\ntw"));
        Assert.Equal("  │ one" + Environment.NewLine, output.ToString());
        printer.Print(new DeltaEvent("call_1", 0, DeltaKind.ToolOutput, "o\nthree"));
        printer.Print(new ToolResultEvent("call_1", "one\ntwo\nthree"));
        printer.Print(new ToolResultEvent("call_2", "not streamed"));

        Assert.Equal(
            string.Join(Environment.NewLine, "  │ one", "  │ two", "  │ three", "  ⎿ (done; output above)", "  ⎿ not streamed", ""),
            output.ToString());
    }

    [Fact]
    public void ALiveTurn_PrintsItsDeltas_AndNoneOfItsStoredCheckpoints()
    {
        var output = new StringWriter();
        var printer = new TranscriptPrinter(output, new StringWriter());

        printer.Print(Live(new DeltaEvent("msg_1", 0, DeltaKind.Text, "Hello ")));
        printer.Print(Checkpoint(1, "msg_1", "Hello "));
        printer.Print(Live(new DeltaEvent("msg_1", 0, DeltaKind.Text, "there.")));
        printer.Print(Live(new TextEvent("msg_1", "Hello there."), 2));
        printer.Finish();

        Assert.Equal("Hello there." + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void AttachedMidMessage_TheFinalTextIsPrintedWhole_NotTheCheckpointNorTheDeltasAfterIt()
    {
        var output = new StringWriter();
        var printer = new TranscriptPrinter(output, new StringWriter());

        printer.Print(Checkpoint(4, "msg_1", "The answer so f"));
        printer.Print(Live(new DeltaEvent("msg_1", 0, DeltaKind.Text, "ar is 42.")));
        printer.Print(Live(new TextEvent("msg_1", "The answer so far is 42."), 5));
        printer.Finish();

        Assert.Equal("The answer so far is 42." + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void AMalformedLineWarning_BetweenLines_IsPrintedAtOnce()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var printer = new TranscriptPrinter(output, errors);

        printer.Print(new ErrorEvent(AgentErrorKind.MalformedOutput, "skipped a line"));

        Assert.Equal("warning: skipped a line" + Environment.NewLine, errors.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }

    private static LiveEvent Live(AgentEvent e, long? sequence = null) =>
        new("tab_1", sequence, e.Kind, AgentEventJson.Serialize(e), DateTimeOffset.UnixEpoch);

    private static LiveEvent Checkpoint(long sequence, string messageId, string text) =>
        new("tab_1", sequence, PartialCheckpoint.Kind, JsonSerializer.Serialize(new PartialCheckpoint(messageId, 0, DeltaKind.Text, text), AgentEventJson.Options), DateTimeOffset.UnixEpoch);
}
