using Grove.Core.Errors;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class CredentialStoreTests
{
    private const string Secret = "ghp_SuperSecretToken123";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secret_round_trips_through_the_protector()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        await db.Stores.Credentials.SetAsync("github", Secret, Token);

        Assert.Equal(Secret, await db.Stores.Credentials.GetAsync("github", Token));
        Assert.Equal(1, db.Protector.ProtectCalls);
    }

    [Fact]
    public async Task Only_ciphertext_reaches_the_database_file()
    {
        await using var db = await TestDatabase.CreateAsync(Token);

        await db.Stores.Credentials.SetAsync("github", Secret, Token);

        var stored = (string?)await db.ScalarAsync("SELECT ciphertext FROM credentials WHERE name = 'github';", Token);
        Assert.Equal(db.Protector.Protect(Secret), stored);
        Assert.DoesNotContain(Secret, stored!, StringComparison.Ordinal);
        await db.Database.DisposeAsync();
        var fileText = string.Concat(
            File.ReadAllText(db.Paths.DatabasePath), File.Exists(db.Paths.DatabasePath + "-wal") ? File.ReadAllText(db.Paths.DatabasePath + "-wal") : "");
        Assert.DoesNotContain(Secret, fileText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_overwrites_and_list_names_never_decrypts()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Credentials.SetAsync("openai", "sk-1", Token);
        await db.Stores.Credentials.SetAsync("anthropic", "sk-2", Token);
        await db.Stores.Credentials.SetAsync("openai", "sk-3", Token);

        Assert.Equal(["anthropic", "openai"], await db.Stores.Credentials.ListNamesAsync(Token));
        Assert.Equal("sk-3", await db.Stores.Credentials.GetAsync("openai", Token));
    }

    [Fact]
    public async Task Delete_removes_the_secret()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.Stores.Credentials.SetAsync("github", Secret, Token);

        Assert.True(await db.Stores.Credentials.DeleteAsync("github", Token));
        Assert.False(await db.Stores.Credentials.DeleteAsync("github", Token));
        Assert.Null(await db.Stores.Credentials.GetAsync("github", Token));
    }

    [Fact]
    public async Task Unreadable_ciphertext_is_a_storage_error()
    {
        await using var db = await TestDatabase.CreateAsync(Token);
        await db.ScalarAsync("INSERT INTO credentials VALUES ('broken', 'garbage', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z');", Token);

        var error = await Assert.ThrowsAsync<GroveException>(() => db.Stores.Credentials.GetAsync("broken", Token));

        Assert.Equal(ErrorKind.Storage, error.Kind);
    }
}
