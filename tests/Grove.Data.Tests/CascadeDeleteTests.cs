using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class CascadeDeleteTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Deleting_a_project_removes_its_workspaces_tabs_transcripts_and_search_index()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var doomed = await db.AddTabWithParentsAsync(Token, "doomed");
        var kept = await db.AddTabWithParentsAsync(Token, "kept");
        await db.Stores.Transcripts.AppendManyAsync(
            [TestDatabase.Event(doomed.Id, "zebra crossing"), TestDatabase.Event(doomed.Id, "zebra again")], Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(kept.Id, "zebra kept"), Token);
        var workspace = (await db.Stores.Workspaces.GetAsync(doomed.WorkspaceId, Token))!;

        Assert.True(await db.Stores.Projects.DeleteAsync(workspace.ProjectId, Token));

        Assert.Null(await db.Stores.Workspaces.GetAsync(workspace.Id, Token));
        Assert.Null(await db.Stores.Tabs.GetAsync(doomed.Id, Token));
        Assert.Empty(await db.Stores.Transcripts.ReadAsync(doomed.Id, cancellationToken: Token));
        Assert.Equal(1L, await db.ScalarAsync("SELECT count(*) FROM transcript_events;", Token));
        var hits = await db.Stores.Transcripts.SearchAsync("zebra", cancellationToken: Token);
        Assert.Equal([kept.Id], hits.Select(h => h.TabId));
        Assert.Equal("ok", await db.ScalarAsync("INSERT INTO transcript_fts (transcript_fts, rank) VALUES ('integrity-check', 1); SELECT 'ok';", Token));
    }

    [Fact]
    public async Task Deleting_a_workspace_removes_its_tabs_and_transcripts()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        var tab = await db.AddTabWithParentsAsync(Token);
        await db.Stores.Transcripts.AppendAsync(TestDatabase.Event(tab.Id, "hello"), Token);

        Assert.True(await db.Stores.Workspaces.DeleteAsync(tab.WorkspaceId, Token));

        Assert.Null(await db.Stores.Tabs.GetAsync(tab.Id, Token));
        Assert.Equal(0L, await db.ScalarAsync("SELECT count(*) FROM transcript_events;", Token));
        Assert.Equal(0L, await db.Stores.Transcripts.CountAsync(tab.Id, Token));
    }
}
