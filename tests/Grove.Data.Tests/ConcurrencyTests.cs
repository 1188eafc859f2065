using Grove.Core.Domain;
using Grove.Data.Tests.TestServices;
using Grove.Testing;

namespace Grove.Data.Tests;

public sealed class ConcurrencyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readers_are_not_blocked_by_an_open_write_transaction()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var committed = await db.AddProjectAsync("committed", Token);
        await using var writer = await db.OpenRawAsync(Token);
        await using var transaction = writer.BeginTransaction(deferred: false);
        await using (var insert = writer.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO projects (id, name, path, created_at, updated_at) VALUES ('prj_pending', 'pending', '/pending', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');";
            await insert.ExecuteNonQueryAsync(Token);
        }

        var seen = await db.Stores.Projects.ListAsync(Token);

        Assert.Equal([committed.Id], seen.Select(p => p.Id));
        transaction.Commit();
        Assert.Equal(2, (await db.Stores.Projects.ListAsync(Token)).Count);
    }

    [Fact]
    public async Task Appends_from_two_database_instances_share_one_gap_free_sequence()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await using var second = new GroveDatabase(db.Paths, db.Clock);
        var secondStores = new GroveStores(second, db.Protector);

        async Task<long[]> AppendMany(GroveStores stores, string label)
        {
            var sequences = new long[40];
            for (var i = 0; i < sequences.Length; i++)
            {
                sequences[i] = (await stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, $"{label} {i}"), Token)).Sequence;
            }

            return sequences;
        }

        var results = await Task.WhenAll(
            Task.Run(() => AppendMany(db.Stores, "first"), Token),
            Task.Run(() => AppendMany(secondStores, "second"), Token));

        Assert.Equal(Enumerable.Range(1, 80).Select(i => (long)i), results.SelectMany(r => r).Order());
        Assert.Equal(80L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
    }

    [Fact]
    public async Task Reads_see_every_append_in_order_while_appends_continue()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        var appender = Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, $"line {i}"), Token);
            }
        }, Token);

        var seen = new List<TranscriptEvent>();
        var timeout = TestTimeouts.Token(Token);
        while (seen.Count < 100)
        {
            var appenderDone = appender.IsCompleted;
            var page = await db.Stores.Transcripts.ReadAsync(tab.Id, seen.Count == 0 ? 0 : seen[^1].Sequence, 7, timeout);
            seen.AddRange(page);
            if (page.Count == 0)
            {
                if (appenderDone)
                {
                    break;
                }

                await Task.Yield();
            }
        }

        await appender;
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seen.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"line {i}"), seen.Select(e => e.Text));
    }
}
