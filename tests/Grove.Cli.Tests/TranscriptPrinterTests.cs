using Grove.Core.Agents;

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
    public void AMalformedLineWarning_BetweenLines_IsPrintedAtOnce()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var printer = new TranscriptPrinter(output, errors);

        printer.Print(new ErrorEvent(AgentErrorKind.MalformedOutput, "skipped a line"));

        Assert.Equal("warning: skipped a line" + Environment.NewLine, errors.ToString());
        Assert.Equal(string.Empty, output.ToString());
    }
}
