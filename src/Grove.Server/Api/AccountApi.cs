using Grove.Core.Account;
using Grove.Server.Security;
using Grove.Services.Account;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>A sign-in link that came back outside the browser (<c>grove open-url grove://auth/callback?code=…&amp;state=…</c>).</summary>
public sealed record AccountCallbackBody(string? Code, string? State);

public sealed record AccountProfileBody(string? Name);

/// <summary>The status with the plan when signed in (null when it could not be read: <see cref="PlanError"/> says why).</summary>
public sealed record AccountView(AccountStatus Status, AccountPlan? Plan, string? PlanError);

/// <summary><c>/api/account</c>: the optional account on the seed's backend over <see cref="IAccount"/>.</summary>
internal static class AccountApi
{
    public static void MapAccountApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/account").WithTags("Account");

        group.MapGet("", async Task<Ok<AccountView>> (bool? plan, IAccount account, CancellationToken ct) =>
            TypedResults.Ok(await ViewAsync(account, plan ?? true, ct)));

        // The redirect comes back to this server's own /auth/callback (AccountCallbackEndpoint).
        group.MapPost("/login", async Task<Ok<AccountSignInStarted>> (HttpContext context, IAccount account, CancellationToken ct) =>
            TypedResults.Ok(await account.BeginSignInAsync(AccountCallbackEndpoint.RedirectUri(context.Request), ct)));

        group.MapPost("/callback", async Task<Ok<AccountStatus>> (AccountCallbackBody body, IAccount account, CancellationToken ct) =>
            TypedResults.Ok(await account.CompleteSignInAsync(body.Code, body.State, ct)));

        group.MapGet("/profile", async Task<Ok<AccountProfile>> (IAccount account, CancellationToken ct) =>
            TypedResults.Ok(await account.GetProfileAsync(ct)));

        group.MapPatch("/profile", async Task<Ok<AccountProfile>> (AccountProfileBody body, IAccount account, CancellationToken ct) =>
            TypedResults.Ok(await account.UpdateProfileAsync(body.Name ?? string.Empty, ct)));

        group.MapGet("/plan", async Task<Ok<AccountPlan>> (IAccount account, CancellationToken ct) =>
            TypedResults.Ok(await account.GetPlanAsync(ct)));

        group.MapPost("/logout", async Task<Ok<AccountStatus>> (IAccount account, CancellationToken ct) =>
        {
            await account.LogoutAsync(ct);
            return TypedResults.Ok(await account.GetStatusAsync(ct));
        });
    }

    private static async Task<AccountView> ViewAsync(IAccount account, bool withPlan, CancellationToken ct)
    {
        var status = await account.GetStatusAsync(ct);
        if (!withPlan || status.State != AccountState.SignedIn)
        {
            return new AccountView(status, null, null);
        }

        try
        {
            return new AccountView(status, await account.GetPlanAsync(ct), null);
        }
        catch (Core.Errors.GroveException e)
        {
            return new AccountView(await account.GetStatusAsync(ct), null, e.Message);
        }
    }
}
