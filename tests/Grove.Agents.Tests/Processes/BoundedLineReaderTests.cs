using System.Text;
using Grove.Agents.Processes;

namespace Grove.Agents.Tests.Processes;

public sealed class BoundedLineReaderTests
{
    private static async Task<List<LineRead>> ReadAll(byte[] input, int max, int chunk = 7)
    {
        var reader = new BoundedLineReader(new MemoryStream(input), max, chunk);
        var lines = new List<LineRead>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(line.IsOverlong ? line : new LineRead(line.Bytes.ToArray(), 0));
        }

        return lines;
    }

    private static string Text(LineRead line) => Encoding.UTF8.GetString(line.Bytes.Span);

    [Fact]
    public async Task Splits_lines_across_chunks_and_strips_cr()
    {
        var lines = await ReadAll(Encoding.UTF8.GetBytes("first line\r\nsecond\n\nlast without newline"), 100);

        Assert.Equal(["first line", "second", "", "last without newline"], lines.Select(Text));
    }

    [Fact]
    public async Task Overlong_line_is_reported_by_length_and_reading_continues()
    {
        var input = Encoding.UTF8.GetBytes("ok\n" + new string('x', 250) + "\nafter\n");

        var lines = await ReadAll(input, 100);

        Assert.Equal(3, lines.Count);
        Assert.Equal("ok", Text(lines[0]));
        Assert.True(lines[1].IsOverlong);
        Assert.Equal(250, lines[1].OverlongLength);
        Assert.Equal("after", Text(lines[2]));
    }

    [Fact]
    public async Task Line_exactly_at_the_limit_is_kept()
    {
        var lines = await ReadAll(Encoding.UTF8.GetBytes(new string('y', 100) + "\n"), 100);

        Assert.False(Assert.Single(lines).IsOverlong);
    }

    [Fact]
    public async Task Empty_stream_has_no_lines()
    {
        Assert.Empty(await ReadAll([], 100));
    }

    [Fact]
    public async Task Twelve_megabyte_line_yields_one_overlong_result()
    {
        var huge = new byte[12 * 1024 * 1024 + 1];
        Array.Fill(huge, (byte)'z');
        huge[^1] = (byte)'\n';

        var lines = await ReadAll(huge, 10 * 1024 * 1024, 64 * 1024);

        Assert.Equal(12 * 1024 * 1024, Assert.Single(lines).OverlongLength);
    }
}
