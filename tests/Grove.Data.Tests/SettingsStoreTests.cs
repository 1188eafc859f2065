using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class SettingsStoreTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Set_then_get_round_trips_and_overwrites()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        await db.Stores.Settings.SetAsync("theme", "dark", Token);
        await db.Stores.Settings.SetAsync("theme", "light", Token);

        Assert.Equal("light", await db.Stores.Settings.GetAsync("theme", Token));
        Assert.Equal(1L, await db.ScalarAsync("SELECT count(*) FROM settings;", Token));
    }

    [Fact]
    public async Task Setting_null_deletes_the_key()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Settings.SetAsync("worktrees.root", "/wt", Token);

        await db.Stores.Settings.SetAsync("worktrees.root", null, Token);

        Assert.Null(await db.Stores.Settings.GetAsync("worktrees.root", Token));
        Assert.Empty(await db.Stores.Settings.ListAsync(Token));
    }

    [Fact]
    public async Task List_returns_every_key_and_empty_string_is_kept()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Settings.SetAsync("b", "2", Token);
        await db.Stores.Settings.SetAsync("a", "", Token);

        var all = await db.Stores.Settings.ListAsync(Token);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "", ["b"] = "2" }, all);
        Assert.Null(await db.Stores.Settings.GetAsync("missing", Token));
    }
}
