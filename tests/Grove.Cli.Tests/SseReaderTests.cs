using System.Text;
using Grove.Cli.Remote;

namespace Grove.Cli.Tests;

/// <summary>The CLI's SSE reading (on .NET's SseParser) as Grove's server writes its streams.</summary>
public sealed class SseReaderTests
{
    [Fact]
    public async Task StoredEventsCarryTheirSequence_OthersNone_AndCommentsAreSkipped()
    {
        const string wire =
            ": connected\n\n" +
            "id: 7\nevent: text\ndata: {\"a\":1}\n\n" +
            ": heartbeat\n\n" +
            "event: partial\ndata: {\"text\":\"über 日本\"}\n\n" +
            "id: 8\r\nevent: result\r\ndata: {\"line\":1,\r\ndata: \"two\":2}\r\n\r\n";
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(wire));

        var events = new List<Grove.Services.Agents.LiveEvent>();
        await foreach (var live in SseReader.ReadAsync(body, "tab_1", TestContext.Current.CancellationToken))
        {
            events.Add(live);
        }

        Assert.Equal([(7L, "text"), ((long?)null, "partial"), (8L, "result")], events.Select(e => (e.Sequence, e.Kind)));
        Assert.Equal("{\"a\":1}", events[0].PayloadJson);
        Assert.Equal("{\"text\":\"über 日本\"}", events[1].PayloadJson);
        Assert.Equal("{\"line\":1,\n\"two\":2}", events[2].PayloadJson);
        Assert.All(events, e => Assert.Equal("tab_1", e.TabId));
    }
}
