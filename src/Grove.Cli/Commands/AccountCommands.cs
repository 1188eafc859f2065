using System.CommandLine;
using System.Globalization;
using Grove.Cli.Remote;
using Grove.Core.Account;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Server.Api;
using Grove.Services.Account;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove account login|status|logout|profile</c> and <c>grove open-url</c>: the optional account on the seed's backend.
/// Sign-in needs the running <c>grove serve</c> (the browser comes back to its <c>/auth/callback</c>); the other commands
/// go through the running server when there is one (so only it renews tokens) and run here otherwise.
/// </summary>
internal static class AccountCommands
{
    private static readonly TimeSpan LoginPoll = TimeSpan.FromSeconds(1);

    public static Command Build(CliContext context)
    {
        var account = new Command("account", "Optional sign-in to the account backend (account.api_url): login, status, profile, logout");
        account.Subcommands.Add(Login(context));
        account.Subcommands.Add(Status(context));
        account.Subcommands.Add(Profile(context));
        account.Subcommands.Add(Logout(context));
        return account;
    }

    /// <summary><c>grove open-url grove://auth/callback?code=…&amp;state=…</c>: what the desktop runs for a grove:// link.</summary>
    public static Command OpenUrl(CliContext context)
    {
        var url = new Argument<string>("url") { Description = "A grove:// link, e.g. grove://auth/callback?code=…&state=…" };
        var command = new Command("open-url", "Hand a grove:// link (sign-in callback) to the running server; see `grove setup desktop`") { url };
        command.SetAction((parse, ct) =>
        {
            var (code, state) = ParseCallback(parse.GetValue(url)!);
            return RemoteCommands.WithServerAsync(context, async client =>
            {
                var status = await client.PostAsync<AccountStatus>("api/account/callback", new AccountCallbackBody(code, state), ct);
                context.Out.WriteLine($"Signed in to {status.ApiUrl?.Authority} as {Who(status.Profile)}.");
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static Command Login(CliContext context)
    {
        var noOpen = new Option<bool>("--no-open") { Description = "Only print the sign-in URL" };
        var command = new Command("login", "Sign in (opens the backend's page; the browser comes back to the running `grove serve`)") { noOpen };
        command.SetAction((parse, ct) => RemoteCommands.WithServerAsync(context, async client =>
        {
            var before = (await client.GetAsync<AccountView>("api/account?plan=false", ct)).Status;
            var started = await client.PostAsync<AccountSignInStarted>("api/account/login", null, ct);
            context.Out.WriteLine("Open this page to sign in:");
            context.Out.WriteLine(started.SignInUrl.AbsoluteUri);
            await context.Out.FlushAsync(ct);
            if (!parse.GetValue(noOpen))
            {
                BrowserLauncher.TryOpen(started.SignInUrl.AbsoluteUri, context.Environment);
            }

            context.Progress($"Waiting for the browser to come back to {started.RedirectUri} (until {started.ExpiresAt.ToLocalTime():HH:mm}; Ctrl-C stops waiting)…");
            while (DateTimeOffset.UtcNow < started.ExpiresAt)
            {
                await Task.Delay(LoginPoll, ct);
                var status = (await client.GetAsync<AccountView>("api/account?plan=false", ct)).Status;
                if (status.State == AccountState.SignedIn && (before.State != AccountState.SignedIn || status.ExpiresAt != before.ExpiresAt || status.Profile != before.Profile))
                {
                    context.Out.WriteLine($"Signed in to {status.ApiUrl?.Authority} as {Who(status.Profile)}.");
                    return ExitCodes.Success;
                }
            }

            throw new GroveException(ErrorKind.Timeout, "No sign-in came back in time; run `grove account login` again.");
        }));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "Whether Grove is signed in, as whom, and the plan");
        command.SetAction(async (parse, ct) =>
        {
            var view = await ViaServerOrHereAsync(
                context,
                client => client.GetAsync<AccountView>("api/account", ct),
                async account =>
                {
                    var status = await account.GetStatusAsync(ct);
                    if (status.State != AccountState.SignedIn)
                    {
                        return new AccountView(status, null, null);
                    }

                    try
                    {
                        return new AccountView(status, await account.GetPlanAsync(ct), null);
                    }
                    catch (GroveException e)
                    {
                        return new AccountView(await account.GetStatusAsync(ct), null, e.Message);
                    }
                },
                ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, view);
                return ExitCodes.Success;
            }

            var status = view.Status;
            if (status.Notice is { } notice)
            {
                context.Warn(notice);
            }

            switch (status.State)
            {
                case AccountState.NotConfigured:
                    context.Out.WriteLine(status.Hint);
                    break;
                case AccountState.SignedOut:
                    context.Out.WriteLine($"Not signed in ({status.ApiUrl}). {status.Hint}");
                    break;
                default:
                    context.Out.WriteLine($"Signed in to {status.ApiUrl} as {Who(status.Profile)}.");
                    context.Out.WriteLine(view.Plan is { } plan
                        ? $"Plan: {plan.Name}{(plan.Status is { } s ? $" ({s})" : string.Empty)}{(plan.Paid ? ", paid" : string.Empty)}"
                        : $"Plan: unknown ({view.PlanError})");
                    if (status.ExpiresAt is { } expires)
                    {
                        context.Out.WriteLine($"Session valid until {expires.ToString("u", CultureInfo.InvariantCulture)} (renewed 5 minutes before).");
                    }

                    break;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Profile(CliContext context)
    {
        var name = new Option<string?>("--name") { Description = "Change the display name" };
        var command = new Command("profile", "Show the signed-in profile, or change the name with --name") { name };
        command.SetAction(async (parse, ct) =>
        {
            var newName = parse.GetValue(name);
            var profile = await ViaServerOrHereAsync(
                context,
                client => newName is null
                    ? client.GetAsync<AccountProfile>("api/account/profile", ct)
                    : client.PatchAsync<AccountProfile>("api/account/profile", new AccountProfileBody(newName), ct),
                account => newName is null ? account.GetProfileAsync(ct) : account.UpdateProfileAsync(newName, ct),
                ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, profile);
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"name:  {profile.Name ?? "(none)"}");
            context.Out.WriteLine($"email: {profile.Email ?? "(none)"}");
            context.Out.WriteLine($"id:    {profile.Id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Logout(CliContext context)
    {
        var command = new Command("logout", "Sign out: deletes every stored account credential (tokens, profile, plan)");
        command.SetAction(async (parse, ct) =>
        {
            var wasSignedIn = await ViaServerOrHereAsync(
                context,
                async client =>
                {
                    var before = await client.GetAsync<AccountView>("api/account?plan=false", ct);
                    await client.PostAsync<AccountStatus>("api/account/logout", null, ct);
                    return before.Status.State == AccountState.SignedIn;
                },
                account => account.LogoutAsync(ct),
                ct);
            context.Out.WriteLine(wasSignedIn ? "Signed out; the account's tokens are deleted." : "Grove was not signed in.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Through the running server when there is one (it owns token renewal), else with this process's services.</summary>
    private static async Task<T> ViaServerOrHereAsync<T>(CliContext context, Func<GroveServerClient, Task<T>> remote, Func<IAccount, Task<T>> local, CancellationToken ct)
    {
        using (var client = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment)))
        {
            if (client is not null)
            {
                try
                {
                    return await remote(client);
                }
                catch (HttpRequestException e) when (e.StatusCode is null)
                {
                    // The server went away: do it here.
                }
            }
        }

        return await local(await context.GetAsync<IAccount>(ct));
    }

    internal static (string? Code, string? State) ParseCallback(string link)
    {
        if (!Uri.TryCreate(link.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != "grove" ||
            !(uri.Host == "auth" && uri.AbsolutePath.TrimEnd('/') == "/callback"))
        {
            throw new GroveException(ErrorKind.InvalidInput, "Not a Grove sign-in link; expected grove://auth/callback?code=…&state=….");
        }

        string? code = null, state = null;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var value = parts.Length == 2 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty;
            switch (Uri.UnescapeDataString(parts[0]))
            {
                case "code":
                    code = value;
                    break;
                case "state":
                    state = value;
                    break;
                case "error":
                    throw new GroveException(ErrorKind.AuthRequired, $"The account backend did not sign you in: {value}.");
            }
        }

        return (code, state);
    }

    private static string Who(AccountProfile? profile) =>
        profile is null ? "(unknown user)" : profile.Name is { Length: > 0 } name ? (profile.Email is { } email ? $"{name} <{email}>" : name) : profile.Email ?? profile.Id;
}
