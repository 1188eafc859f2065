using System.Text;
using Grove.Agents.Processes;
using Grove.Testing;

namespace Grove.Agents.Tests.Processes;

public sealed class RotatingLineLogTests
{
    [Fact]
    public void Appends_lines_and_rotates_past_the_limit()
    {
        using var temp = new TempDirectory("grove-log");
        var path = temp.Combine("logs", "raw.jsonl");
        using (var log = new RotatingLineLog(path, maxBytes: 20))
        {
            log.Write("0123456789"u8);
            log.Write("abcdefgh"u8);
            log.Write("next file"u8);
        }

        Assert.Equal("0123456789\nabcdefgh\n", File.ReadAllText(path + ".1"));
        Assert.Equal("next file\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_log_that_cannot_be_written_reports_once_and_never_throws()
    {
        using var temp = new TempDirectory("grove-log");
        File.WriteAllText(temp.Combine("file"), "x");
        var errors = 0;
        using var log = new RotatingLineLog(temp.Combine("file", "raw.jsonl"), onError: _ => errors++);

        log.Write(Encoding.UTF8.GetBytes("a"));
        log.Write(Encoding.UTF8.GetBytes("b"));

        Assert.Equal(1, errors);
    }
}
