using Grove.Data.Stores;
using Grove.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record SettingView(string Key, string? Value, string Description);

/// <summary>A null or empty value clears the setting.</summary>
public sealed record SettingBody(string? Value);

/// <summary>A secret's name and whether it is set; the value never leaves the server.</summary>
public sealed record SecretView(string Name, bool IsSet, string Description);

public sealed record SecretBody(string Value);

/// <summary>Known settings (get/set) and secrets (set, clear, list names only).</summary>
internal static class SettingsApi
{
    public static void MapSettingsApi(this IEndpointRouteBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", async Task<Ok<IReadOnlyList<SettingView>>> (ISettingsStore store, CancellationToken ct) =>
        {
            var values = await store.ListAsync(ct);
            IReadOnlyList<SettingView> views = [.. SettingKeys.Descriptions.Select(d => new SettingView(d.Key, values.GetValueOrDefault(d.Key), d.Value))];
            return TypedResults.Ok(views);
        });

        settings.MapGet("/{key}", async Task<Ok<SettingView>> (string key, ISettingsStore store, CancellationToken ct) =>
            TypedResults.Ok(new SettingView(SettingKeys.EnsureKnown(key), await store.GetAsync(key, ct), SettingKeys.Descriptions[key])));

        settings.MapPut("/{key}", async Task<Ok<SettingView>> (string key, SettingBody body, ISettingsStore store, CancellationToken ct) =>
        {
            SettingKeys.EnsureKnown(key);
            var value = string.IsNullOrEmpty(body.Value) ? null : SettingKeys.Validate(key, body.Value);
            await store.SetAsync(key, value, ct);
            return TypedResults.Ok(new SettingView(key, value, SettingKeys.Descriptions[key]));
        });

        var secrets = api.MapGroup("/secrets").WithTags("Settings");
        secrets.MapGet("/", async Task<Ok<IReadOnlyList<SecretView>>> (ICredentialStore store, CancellationToken ct) =>
        {
            var names = await store.ListNamesAsync(ct);
            IReadOnlyList<SecretView> views = [.. SettingKeys.Secrets.Select(s => new SecretView(s.Key, names.Contains(s.Key), s.Value))];
            return TypedResults.Ok(views);
        });

        secrets.MapPost("/{name}", async Task<NoContent> (string name, SecretBody body, ICredentialStore store, CancellationToken ct) =>
        {
            await store.SetAsync(KnownSecret(name), Require.Text(body.Value, "value").Trim(), ct);
            return TypedResults.NoContent();
        });

        secrets.MapDelete("/{name}", async Task<NoContent> (string name, ICredentialStore store, CancellationToken ct) =>
        {
            await store.DeleteAsync(KnownSecret(name), ct);
            return TypedResults.NoContent();
        });
    }

    private static string KnownSecret(string name) => SettingKeys.EnsureKnownSecret(name);
}
