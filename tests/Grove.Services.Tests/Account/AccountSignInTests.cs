using System.Text;
using Grove.Core.Account;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Testing;

namespace Grove.Services.Tests.Account;

public sealed class AccountSignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_backend_url_nothing_is_contacted_and_the_status_says_how_to_set_it()
    {
        await using var bed = await AccountBed.StartAsync(configure: false);

        var status = await bed.Account.GetStatusAsync(Ct);
        Assert.Equal(AccountState.NotConfigured, status.State);
        Assert.Contains("account.api_url", status.Hint);
        Assert.Contains("GROVE_API_URL", status.Hint);

        var begin = await Assert.ThrowsAsync<GroveException>(() => bed.Account.BeginSignInAsync(AccountBed.Callback, Ct));
        Assert.Equal(ErrorKind.InvalidInput, begin.Kind);
        await Assert.ThrowsAsync<GroveException>(() => bed.Account.GetPlanAsync(Ct));
        Assert.Null(await bed.Access.CurrentAsync(Ct));
        Assert.Empty(bed.Server.Requests);
    }

    [Fact]
    public async Task Sign_in_sends_state_and_a_PKCE_S256_challenge_and_exchanges_the_code()
    {
        await using var bed = await AccountBed.StartAsync();

        var (code, state, started) = await bed.BrowserSignInAsync();
        var query = System.Web.HttpUtility.ParseQueryString(started.SignInUrl.Query);
        Assert.Equal(state, query["state"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.Equal(43, query["code_challenge"]!.Length);
        Assert.Equal(AccountBed.Callback.AbsoluteUri, query["redirect_uri"]);
        Assert.StartsWith(bed.Server.BaseUrl.AbsoluteUri + "auth/desktop?", started.SignInUrl.AbsoluteUri);

        var status = await bed.Account.CompleteSignInAsync(code, state, Ct);

        Assert.Equal(AccountState.SignedIn, status.State);
        Assert.Equal(new AccountProfile("user-42", "ada@example.com", "Ada Lovelace"), status.Profile);
        Assert.Equal(bed.Time.GetUtcNow().AddHours(1), status.ExpiresAt);
        // The fake checked the verifier against the challenge and the redirect URI: the exchange succeeded once.
        var exchange = Assert.Single(bed.Server.Requests, r => r.Path == "/api/auth/desktop/exchange");
        Assert.Equal(200, exchange.Status);
        Assert.Contains("codeVerifier", exchange.Body);

        var access = await bed.Access.CurrentAsync(Ct);
        Assert.NotNull(access);
        Assert.Equal(bed.Server.CurrentAccessToken, access.AccessToken);
        Assert.Equal(bed.Server.BaseUrl, access.ApiUrl);
        Assert.True(access.PaidPlan);
    }

    [Fact]
    public async Task A_wrong_missing_reused_or_expired_state_is_refused_without_contacting_the_backend()
    {
        await using var bed = await AccountBed.StartAsync();
        var (code, state, _) = await bed.BrowserSignInAsync();

        foreach (var bad in new[] { null, "", "not-the-state", state + "x" })
        {
            var refused = await Assert.ThrowsAsync<GroveException>(() => bed.Account.CompleteSignInAsync(code, bad, Ct));
            Assert.Equal(ErrorKind.SecurityViolation, refused.Kind);
        }

        Assert.Equal(0, bed.Server.Count("/api/auth/desktop/exchange"));
        await bed.Account.CompleteSignInAsync(code, state, Ct);
        var reused = await Assert.ThrowsAsync<GroveException>(() => bed.Account.CompleteSignInAsync(code, state, Ct));
        Assert.Equal(ErrorKind.SecurityViolation, reused.Kind);
        Assert.Contains("already used", reused.Message);
        Assert.Equal(1, bed.Server.Count("/api/auth/desktop/exchange"));

        var (code2, state2, _) = await bed.BrowserSignInAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(11));
        var expired = await Assert.ThrowsAsync<GroveException>(() => bed.Account.CompleteSignInAsync(code2, state2, Ct));
        Assert.Equal(ErrorKind.SecurityViolation, expired.Kind);
        Assert.Contains("expired", expired.Message);
        Assert.Equal(1, bed.Server.Count("/api/auth/desktop/exchange"));
    }

    [Fact]
    public async Task The_refresher_renews_the_token_5_minutes_before_expiry()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();
        var first = bed.Server.CurrentAccessToken;
        var refresher = await bed.StartRefresherAsync();
        try
        {
            bed.Time.Advance(TimeSpan.FromMinutes(54));
            Assert.Equal(0, bed.Server.Count("/api/auth/desktop/refresh"));

            bed.Time.Advance(TimeSpan.FromMinutes(1));
            await bed.Server.WaitForAsync(r => r.Any(x => x.Path == "/api/auth/desktop/refresh" && x.Status == 200), TestTimeouts.Token(Ct));
            var status = await WaitForStoredExpiryAsync(bed, bed.Time.GetUtcNow().AddHours(1));
            Assert.Equal(AccountState.SignedIn, status.State);
            Assert.NotEqual(first, bed.Server.CurrentAccessToken);

            // The next one is scheduled from the new expiry.
            bed.Time.Advance(TimeSpan.FromMinutes(55));
            await bed.Server.WaitForAsync(r => r.Count(x => x.Path == "/api/auth/desktop/refresh" && x.Status == 200) == 2, TestTimeouts.Token(Ct));
            Assert.Equal(bed.Server.CurrentAccessToken, (await bed.Access.CurrentAsync(Ct))!.AccessToken);
        }
        finally
        {
            await refresher.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task At_start_up_an_expiring_session_is_renewed_at_once()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(58));

        var refresher = await bed.StartRefresherAsync();
        try
        {
            await bed.Server.WaitForAsync(r => r.Any(x => x.Path == "/api/auth/desktop/refresh" && x.Status == 200), TestTimeouts.Token(Ct));
            await WaitForStoredExpiryAsync(bed, bed.Time.GetUtcNow().AddHours(1));
        }
        finally
        {
            await refresher.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task Account_access_refreshes_a_token_that_expires_within_5_minutes()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();
        var first = bed.Server.CurrentAccessToken;

        bed.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(first, (await bed.Access.CurrentAsync(Ct))!.AccessToken);
        Assert.Equal(0, bed.Server.Count("/api/auth/desktop/refresh"));

        bed.Time.Advance(TimeSpan.FromMinutes(6));
        var access = await bed.Access.CurrentAsync(Ct);
        Assert.Equal(1, bed.Server.Count("/api/auth/desktop/refresh"));
        Assert.NotEqual(first, access!.AccessToken);
        Assert.Equal(bed.Server.CurrentAccessToken, access.AccessToken);
    }

    [Fact]
    public async Task A_refused_refresh_signs_out_with_one_notice()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();
        bed.Server.RefuseRefresh = true;
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Account.Changed += () => changed.TrySetResult();
        var refresher = await bed.StartRefresherAsync();
        try
        {
            bed.Time.Advance(TimeSpan.FromMinutes(55));
            await bed.Server.WaitForAsync(r => r.Any(x => x.Path == "/api/auth/desktop/refresh" && x.Status == 401), TestTimeouts.Token(Ct));
            await changed.Task.WaitAsync(TestTimeouts.Token(Ct));

            var status = await bed.Account.GetStatusAsync(Ct);
            Assert.Equal(AccountState.SignedOut, status.State);
            Assert.Contains("refused to renew", status.Notice);
            Assert.Contains("refused to renew", bed.Account.TakeNotice());
            Assert.Null(bed.Account.TakeNotice());
            Assert.Null((await bed.Account.GetStatusAsync(Ct)).Notice);
            Assert.DoesNotContain(await bed.App.App.Get<ICredentialStore>().ListNamesAsync(Ct), n => n.StartsWith("account.", StringComparison.Ordinal));
            Assert.Null(await bed.Access.CurrentAsync(Ct));
        }
        finally
        {
            await refresher.StopAsync(Ct);
        }
    }

    [Fact]
    public async Task The_plan_is_fetched_once_in_5_minutes()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();

        var plan = await bed.Account.GetPlanAsync(Ct);
        Assert.Equal(new AccountPlan("pro", "active", true), plan);
        await bed.Account.GetPlanAsync(Ct);
        await bed.Access.CurrentAsync(Ct);
        bed.Time.Advance(TimeSpan.FromMinutes(4) + TimeSpan.FromSeconds(59));
        await bed.Account.GetPlanAsync(Ct);
        Assert.Equal(1, bed.Server.Count("/api/desktop/user/plan"));

        bed.Server.Plan = "free";
        bed.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await bed.Account.GetPlanAsync(Ct)).Paid);
        Assert.False((await bed.Access.CurrentAsync(Ct))!.PaidPlan);
        Assert.Equal(2, bed.Server.Count("/api/desktop/user/plan"));
    }

    [Fact]
    public async Task The_profile_is_read_and_its_name_changed_on_the_backend()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();

        var updated = await bed.Account.UpdateProfileAsync("  Ada King ", Ct);

        Assert.Equal("Ada King", updated.Name);
        Assert.Equal("Ada King", bed.Server.UserName);
        Assert.Equal("Ada King", (await bed.Account.GetStatusAsync(Ct)).Profile!.Name);
        Assert.Equal("Ada King", (await bed.Account.GetProfileAsync(Ct)).Name);
        var patch = Assert.Single(bed.Server.Requests, r => r.Method == "PATCH");
        Assert.Equal("Bearer " + bed.Server.CurrentAccessToken, patch.Authorization);
        var bad = await Assert.ThrowsAsync<GroveException>(() => bed.Account.UpdateProfileAsync("two\nlines", Ct));
        Assert.Equal(ErrorKind.InvalidInput, bad.Kind);
    }

    [Fact]
    public async Task After_logout_no_token_is_left_in_the_data_folder_and_none_was_ever_logged()
    {
        await using var bed = await AccountBed.StartAsync();
        await bed.SignInAsync();
        bed.Time.Advance(TimeSpan.FromMinutes(56));
        await bed.Access.CurrentAsync(Ct); // a refresh: two generations of tokens
        await bed.Account.GetPlanAsync(Ct);
        await bed.Account.UpdateProfileAsync("Ada", Ct);
        var tokens = bed.Server.IssuedTokens;
        Assert.Equal(4, tokens.Count);
        // Encrypted at rest: no token readable on disk even while signed in.
        AssertNoTokenIn(bed, tokens);
        Assert.Contains("account.session", await bed.App.App.Get<ICredentialStore>().ListNamesAsync(Ct));

        Assert.True(await bed.Account.LogoutAsync(Ct));

        Assert.Equal(AccountState.SignedOut, (await bed.Account.GetStatusAsync(Ct)).State);
        Assert.DoesNotContain(await bed.App.App.Get<ICredentialStore>().ListNamesAsync(Ct), n => n.StartsWith("account.", StringComparison.Ordinal));
        Assert.Null(await bed.Access.CurrentAsync(Ct));
        var plan = await Assert.ThrowsAsync<GroveException>(() => bed.Account.GetPlanAsync(Ct));
        Assert.Equal(ErrorKind.AuthRequired, plan.Kind);
        Assert.False(await bed.Account.LogoutAsync(Ct));
        AssertNoTokenIn(bed, tokens);

        Assert.Contains(bed.Logs.Lines, l => l.Contains("Account signed in", StringComparison.Ordinal));
        Assert.Contains(bed.Logs.Lines, l => l.Contains("renewed", StringComparison.Ordinal));
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(bed.Logs.Lines, l => l.Contains(token, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_unreachable_backend_is_one_line_naming_the_host()
    {
        await using var bed = await AccountBed.StartAsync(configure: false);
        var port = LoopbackPorts.Free();
        await bed.App.App.Get<Grove.Services.Settings.ISettingsService>().SetAsync("account.api_url", $"http://127.0.0.1:{port}/", Ct);
        var started = await bed.Account.BeginSignInAsync(AccountBed.Callback, Ct);
        var state = System.Web.HttpUtility.ParseQueryString(started.SignInUrl.Query)["state"];

        var error = await Assert.ThrowsAsync<GroveException>(() => bed.Account.CompleteSignInAsync("code", state, Ct));

        Assert.Equal(ErrorKind.Network, error.Kind);
        Assert.StartsWith($"Cannot reach 127.0.0.1:{port}", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    private static void AssertNoTokenIn(AccountBed bed, IReadOnlyList<string> tokens)
    {
        var files = bed.DataFolderFiles().ToList();
        Assert.Contains(files, f => f.Path.EndsWith("grove.db", StringComparison.Ordinal));
        foreach (var (path, bytes) in files)
        {
            foreach (var token in tokens)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(token)), $"{token} found in {path}");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(token)), $"{token} (UTF-16) found in {path}");
            }
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    private static async Task<AccountStatus> WaitForStoredExpiryAsync(AccountBed bed, DateTimeOffset expiresAt)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Account.Changed += () => changed.TrySetResult();
        var status = await bed.Account.GetStatusAsync(Ct);
        if (status.ExpiresAt != expiresAt)
        {
            await changed.Task.WaitAsync(TestTimeouts.Token(Ct));
            status = await bed.Account.GetStatusAsync(Ct);
        }

        Assert.Equal(expiresAt, status.ExpiresAt);
        return status;
    }
}
