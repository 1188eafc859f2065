using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class TranscriptReadTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Read_pages_forward_after_a_sequence()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendManyAsync([.. Enumerable.Range(1, 25).Select(i => TestDatabase.Event(tab.Id, $"e{i}"))], Token);

        var pages = new List<IReadOnlyList<long>>();
        long after = 0;
        while (true)
        {
            var page = await db.Stores.Transcripts.ReadAsync(tab.Id, after, limit: 10, Token);
            if (page.Count == 0)
            {
                break;
            }

            pages.Add([.. page.Select(e => e.Sequence)]);
            after = page[^1].Sequence;
        }

        Assert.Equal([10, 10, 5], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), pages.SelectMany(p => p));
    }

    [Fact]
    public async Task Read_of_an_unknown_tab_or_past_the_end_is_empty()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "only"), Token);

        Assert.Empty(await db.Stores.Transcripts.ReadAsync("tab_unknown", cancellationToken: Token));
        Assert.Empty(await db.Stores.Transcripts.ReadAsync(tab.Id, afterSequence: 1, cancellationToken: Token));
        Assert.Equal(0L, await db.Stores.Transcripts.CountAsync("tab_unknown", Token));
    }

    [Fact]
    public async Task Read_rejects_a_non_positive_limit()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Stores.Transcripts.ReadAsync("tab_x", 0, limit: 0, Token));
    }
}
