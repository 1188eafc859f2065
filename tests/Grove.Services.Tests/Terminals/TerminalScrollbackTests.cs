using System.Text;
using Grove.Services.Terminals;

namespace Grove.Services.Tests.Terminals;

public sealed class TerminalScrollbackTests
{
    [Fact]
    public void KeepsTheNewestOutput_WithinItsByteBudget_FromALineStart()
    {
        var scrollback = new TerminalScrollback(maxBytes: 100, maxLines: 1000);
        for (var i = 0; i < 50; i++)
        {
            scrollback.Append(Encoding.ASCII.GetBytes($"line {i:000}\n"));
        }

        var text = Encoding.ASCII.GetString(scrollback.Snapshot());

        Assert.True(text.Length <= 100);
        Assert.EndsWith("line 049\n", text, StringComparison.Ordinal);
        Assert.StartsWith("line ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepsAtMostItsLineBudget()
    {
        var scrollback = new TerminalScrollback(maxBytes: 1 << 20, maxLines: 10);
        scrollback.Append(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"row {i}\n"))));

        var text = Encoding.ASCII.GetString(scrollback.Snapshot());

        Assert.InRange(scrollback.Lines, 1, 10);
        Assert.EndsWith("row 99\n", text, StringComparison.Ordinal);
        Assert.StartsWith("row ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DropsAPartialFirstLine_WhenAChunkBoundaryCutsIt()
    {
        var scrollback = new TerminalScrollback(maxBytes: 20, maxLines: 1000);
        scrollback.Append(Encoding.ASCII.GetBytes("aaaaaaaaaa"));
        scrollback.Append(Encoding.ASCII.GetBytes("bbbb\ncccc\n"));
        scrollback.Append(Encoding.ASCII.GetBytes("dddd\n"));

        Assert.Equal("cccc\ndddd\n", Encoding.ASCII.GetString(scrollback.Snapshot()));
    }
}
