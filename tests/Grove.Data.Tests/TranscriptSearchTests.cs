using Grove.Data.Stores;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class TranscriptSearchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_finds_text_across_tabs_with_a_marked_snippet()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var one = await db.AddTabWithParentsAsync(Token, "one");
        var two = await db.AddTabWithParentsAsync(Token, "two");
        await db.Stores.Transcripts.AppendManyAsync(
            [TestDatabase.Event(one.Id, "Refactor the login flow"), TestDatabase.Event(one.Id, "nothing here"), TestDatabase.Event(one.Id, null)], Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(two.Id, "The LOGIN page is broken", "user"), Token);

        var hits = await db.Stores.Transcripts.SearchAsync("login", cancellationToken: Token);

        Assert.Equal(2, hits.Count);
        var hit = Assert.Single(hits, h => h.TabId == one.Id);
        Assert.Equal((1L, "assistant"), (hit.Sequence, hit.Kind));
        Assert.Contains($"{TranscriptSnippet.HighlightStart}login{TranscriptSnippet.HighlightEnd}", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains(hits, h => h.TabId == two.Id && h.Kind == "user" && h.Snippet.Contains("«LOGIN»", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_term_must_match()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendManyAsync(
            [TestDatabase.Event(tab.Id, "red apple"), TestDatabase.Event(tab.Id, "green apple"), TestDatabase.Event(tab.Id, "red car")], Token);

        var hits = await db.Stores.Transcripts.SearchAsync("red apple", cancellationToken: Token);

        Assert.Equal([1L], hits.Select(h => h.Sequence));
    }

    [Fact]
    public async Task Search_respects_the_limit_and_matches_without_diacritics()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendManyAsync([.. Enumerable.Range(1, 10).Select(i => TestDatabase.Event(tab.Id, $"café number {i}"))], Token);

        var hits = await db.Stores.Transcripts.SearchAsync("cafe", limit: 3, Token);

        Assert.Equal(3, hits.Count);
    }

    [Theory]
    [InlineData("\"foo")]
    [InlineData("foo\"")]
    [InlineData("a OR")]
    [InlineData("OR")]
    [InlineData("-x")]
    [InlineData("col:val")]
    [InlineData("text:foo")]
    [InlineData("foo*")]
    [InlineData("*")]
    [InlineData("NEAR(a b)")]
    [InlineData("(foo")]
    [InlineData("^foo")]
    [InlineData("foo AND NOT")]
    [InlineData("-")]
    [InlineData("   ")]
    [InlineData("'; DROP TABLE transcript_events; --")]
    public async Task Fts_syntax_in_the_query_never_raises(string query)
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "plain text"), Token);

        var hits = await db.Stores.Transcripts.SearchAsync(query, cancellationToken: Token);

        Assert.Empty(hits);
        Assert.Equal(1L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
    }

    [Theory]
    [InlineData("\"foo", 1)]
    [InlineData("-x", 2)]
    [InlineData("col:val", 3)]
    [InlineData("a OR", 4)]
    public async Task Fts_syntax_characters_are_searched_as_text(string query, long expectedSequence)
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendManyAsync(
        [
            TestDatabase.Event(tab.Id, "the foo function"),
            TestDatabase.Event(tab.Id, "flag -x given"),
            TestDatabase.Event(tab.Id, "col:val pair"),
            TestDatabase.Event(tab.Id, "a or b"),
        ], Token);

        var hits = await db.Stores.Transcripts.SearchAsync(query, cancellationToken: Token);

        Assert.Equal([expectedSequence], hits.Select(h => h.Sequence));
    }
}
