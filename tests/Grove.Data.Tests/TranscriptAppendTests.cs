using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class TranscriptAppendTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Appends_are_numbered_from_one_in_order_per_tab()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token, "a");
        var other = await db.AddTabWithParentsAsync(Token, "b");

        var first = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "one") with { Sequence = 99 }, Token);
        var otherFirst = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(other.Id, "x"), Token);
        var second = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "two"), Token);
        var third = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, null, "tool_use"), Token);

        Assert.Equal([1L, 2L, 3L], new[] { first, second, third }.Select(e => e.Sequence));
        Assert.Equal(1L, otherFirst.Sequence);
        Assert.Equal(3L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
        Assert.Equal(["one", "two", null], (await db.Stores.Transcripts.ReadAsync(tab.Id, cancellationToken: Token)).Select(e => e.Text));
    }

    [Fact]
    public async Task Appended_event_round_trips_and_gets_the_clock_time_when_unset()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        var explicitTime = new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5)).AddTicks(42);
        var payload = """{"type":"assistant","message":{"content":[{"type":"text","text":"héllo ✓"}]}}""";

        var stamped = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "héllo ✓"), Token);
        var given = await db.Stores.Transcripts.AppendAsync(
            new TranscriptEvent { TabId = tab.Id, Kind = "assistant", PayloadJson = payload, Text = "later", CreatedAt = explicitTime }, Token);
        var read = await db.Stores.Transcripts.ReadAsync(tab.Id, cancellationToken: Token);

        Assert.Equal(db.Clock.GetUtcNow(), stamped.CreatedAt);
        Assert.Equal([stamped, given], read);
        Assert.Equal(payload, read[1].PayloadJson);
        Assert.Equal(explicitTime, read[1].CreatedAt);
    }

    [Fact]
    public async Task AppendMany_numbers_a_batch_in_order_in_one_transaction()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "before"), Token);

        var stored = await db.Stores.Transcripts.AppendManyAsync(
            [.. Enumerable.Range(1, 50).Select(i => TestDatabase.Event(tab.Id, $"event {i}"))], Token);

        Assert.Equal(Enumerable.Range(2, 50).Select(i => (long)i), stored.Select(e => e.Sequence));
        Assert.Equal("event 50", stored[^1].Text);
        Assert.Equal(51L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
        Assert.Empty(await db.Stores.Transcripts.AppendManyAsync([], Token));
    }

    [Fact]
    public async Task AppendMany_with_two_tabs_interleaved_numbers_each_tab_on_from_its_own_last()
    {
        // One transaction reads a tab's next number once and counts up; switching tabs must read the other tab's.
        await using var db = await TestDatabase.CreateAsync(Token);
        var a = await db.AddTabWithParentsAsync(Token, "a");
        var b = await db.AddTabWithParentsAsync(Token, "b");
        await db.Stores.Transcripts.AppendManyAsync([TestDatabase.Event(a.Id, "a1"), TestDatabase.Event(a.Id, "a2")], Token);

        var stored = await db.Stores.Transcripts.AppendManyAsync(
            [TestDatabase.Event(a.Id, "a3"), TestDatabase.Event(b.Id, "b1"), TestDatabase.Event(a.Id, "a4"), TestDatabase.Event(b.Id, "b2"), TestDatabase.Event(b.Id, "b3")], Token);

        Assert.Equal([3L, 1L, 4L, 2L, 3L], stored.Select(e => e.Sequence));
        Assert.Equal(["a1", "a2", "a3", "a4"], (await db.Stores.Transcripts.ReadAsync(a.Id, cancellationToken: Token)).Select(e => e.Text));
        Assert.Equal([1L, 2L, 3L], (await db.Stores.Transcripts.ReadAsync(b.Id, cancellationToken: Token)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task AppendTabs_stores_several_tabs_rows_and_drops_their_checkpoints_in_one_transaction()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var a = await db.AddTabWithParentsAsync(Token, "a");
        var b = await db.AddTabWithParentsAsync(Token, "b");
        var checkpoint = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(a.Id, "Hello", "partial"), Token);

        var stored = await db.Stores.Transcripts.AppendTabsAsync(
            [
                new TranscriptAppend(a.Id, [TestDatabase.Event(a.Id, "Hello world")], [checkpoint.Sequence]),
                new TranscriptAppend(b.Id, [TestDatabase.Event(b.Id, "one"), TestDatabase.Event(b.Id, "two")], []),
            ],
            Token);

        Assert.Equal([2L], stored[0].Select(e => e.Sequence));
        Assert.Equal([1L, 2L], stored[1].Select(e => e.Sequence));
        Assert.Equal(["Hello world"], (await db.Stores.Transcripts.ReadAsync(a.Id, cancellationToken: Token)).Select(e => e.Text));
        Assert.Equal(["one", "two"], (await db.Stores.Transcripts.ReadAsync(b.Id, cancellationToken: Token)).Select(e => e.Text));
    }

    [Fact]
    public async Task AppendTabs_with_one_unknown_tab_stores_no_tabs_rows()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Transcripts.AppendTabsAsync(
            [new TranscriptAppend(tab.Id, [TestDatabase.Event(tab.Id, "ok")], []), new TranscriptAppend("tab_missing", [TestDatabase.Event("tab_missing", "bad")], [])], Token));

        Assert.Equal("Agent tab 'tab_missing' does not exist.", error.Message);
        Assert.Equal(0L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
    }

    [Fact]
    public async Task AppendMany_with_an_unknown_tab_stores_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Transcripts.AppendManyAsync(
            [TestDatabase.Event(tab.Id, "ok"), TestDatabase.Event("tab_missing", "bad")], Token));

        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Equal("Agent tab 'tab_missing' does not exist.", error.Message);
        Assert.Equal(0L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
        var next = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "after the failure"), Token);
        Assert.Equal(1L, next.Sequence);
    }

    [Fact]
    public async Task A_row_is_stored_as_UTF8_text_and_reads_back_identically_everywhere()
    {
        // Rows are bound through a raw statement from a reused UTF-8 buffer; SQLite must store UTF-8 TEXT
        // (json_extract, FTS and every reader depend on it), and every character must come back as it went in.
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        var text = "zebra naïve 𝄞 emoji 🙂 nul\u0000end 中文 " + new string('x', 70_000);
        var payload = System.Text.Json.JsonSerializer.Serialize(new { kind = "assistant", text, note = "\"quoted\" \\ tab\t" });
        var createdAt = new DateTimeOffset(2026, 12, 8, 1, 2, 3, TimeSpan.FromHours(2)).AddTicks(1234567);

        var stored = await db.Stores.Transcripts.AppendManyAsync(
            [new TranscriptEvent { TabId = tab.Id, Kind = "assistant", PayloadJson = payload, Text = text, CreatedAt = createdAt }, TestDatabase.Event(tab.Id, null, "tool_use")],
            Token);
        var read = await db.Stores.Transcripts.ReadAsync(tab.Id, cancellationToken: Token);

        Assert.Equal(stored, read);
        Assert.Equal(payload, read[0].PayloadJson);
        Assert.Equal(text, read[0].Text);
        Assert.Equal(createdAt, read[0].CreatedAt);
        Assert.Null(read[1].Text);
        Assert.Equal("text,text,text", await db.ScalarAsync("SELECT typeof(payload) || ',' || typeof(text) || ',' || typeof(created_at) FROM transcript_events WHERE seq = 1;", Token));
        Assert.Equal((long)System.Text.Encoding.UTF8.GetByteCount(payload), await db.ScalarAsync("SELECT length(CAST(payload AS BLOB)) FROM transcript_events WHERE seq = 1;", Token));
        Assert.Equal(Sql.Timestamp(createdAt), await db.ScalarAsync("SELECT created_at FROM transcript_events WHERE seq = 1;", Token));
        Assert.Equal(text, await db.ScalarAsync("SELECT json_extract(payload, '$.text') FROM transcript_events WHERE seq = 1;", Token));
        var hit = Assert.Single(await db.Stores.Transcripts.SearchAsync("zebra", cancellationToken: Token));
        Assert.Equal((tab.Id, 1L), (hit.TabId, hit.Sequence));
    }

    [Fact]
    public async Task The_reused_insert_works_after_a_failed_row_and_across_transactions()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "one"), Token);

        await Assert.ThrowsAsync<GroveException>(() => db.Stores.Transcripts.AppendAsync(TestDatabase.Event("tab_missing", "bad"), Token));
        var after = await db.Stores.Transcripts.AppendManyAsync([TestDatabase.Event(tab.Id, "two"), TestDatabase.Event(tab.Id, null, "tool_use")], Token);
        var third = await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "four"), Token);

        Assert.Equal([2L, 3L, 4L], after.Select(e => e.Sequence).Append(third.Sequence));
        Assert.Equal(["one", "two", null, "four"], (await db.Stores.Transcripts.ReadAsync(tab.Id, cancellationToken: Token)).Select(e => e.Text));
    }

    [Fact]
    public async Task Concurrent_appends_produce_a_gap_free_unique_sequence()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        const int Writers = 8;
        const int PerWriter = 25;

        var results = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var sequences = new List<long>();
            for (var i = 0; i < PerWriter; i++)
            {
                var e = i % 5 == 0
                    ? (await db.Stores.Transcripts.AppendManyAsync([TestDatabase.Event(tab.Id, $"w{w} batch {i}")], Token))[0]
                    : await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, $"w{w} event {i}"), Token);
                sequences.Add(e.Sequence);
            }

            return sequences;
        }, Token)));

        var all = results.SelectMany(s => s).Order().ToList();
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(i => (long)i), all);
        Assert.All(results, perWriter => Assert.Equal(perWriter.Order(), perWriter));
        var read = await db.Stores.Transcripts.ReadAsync(tab.Id, cancellationToken: Token);
        Assert.Equal(all, read.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Stored_events_cannot_be_rewritten()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "original"), Token);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => db.ScalarAsync("UPDATE transcript_events SET text = 'forged';", Token));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        Assert.Equal("original", (await db.Stores.Transcripts.ReadAsync(tab.Id, cancellationToken: Token))[0].Text);
    }

    [Fact]
    public async Task Next_sequence_is_found_with_an_index_seek_not_a_scan()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await using var connection = await db.OpenRawAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = $"EXPLAIN QUERY PLAN {TranscriptStore.LastSequenceSql}";
        command.Parameters.AddWithValue("$tab_id", "tab_x");
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                plan.Add(reader.GetString(3));
            }
        }

        var step = Assert.Single(plan);
        Assert.StartsWith("SEARCH transcript_events USING COVERING INDEX", step, StringComparison.Ordinal);
        Assert.Contains("tab_id=?", step, StringComparison.Ordinal);
    }
}
