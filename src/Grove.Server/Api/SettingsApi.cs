using Grove.Services.Settings;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

public sealed record SettingView(string Key, string? Value, string Description);

/// <summary>A null or blank value returns the setting to its default.</summary>
public sealed record SettingBody(string? Value);

/// <summary>A secret's name and whether it is set; the value never leaves the server.</summary>
public sealed record SecretView(string Name, bool IsSet, string Description);

public sealed record SecretBody(string? Value);

/// <summary>Known settings (get/set) and secrets (set, clear, list names only), all through <see cref="ISettingsService"/>.</summary>
internal static class SettingsApi
{
    public static void MapSettingsApi(this IEndpointRouteBuilder api)
    {
        var settings = api.MapGroup("/settings").WithTags("Settings");
        settings.MapGet("/", async Task<Ok<IReadOnlyList<SettingView>>> (ISettingsService service, CancellationToken ct) =>
        {
            IReadOnlyList<SettingView> views = [.. (await service.ListAsync(ct)).Select(View)];
            return TypedResults.Ok(views);
        });

        settings.MapGet("/{key}", async Task<Ok<SettingView>> (string key, ISettingsService service, CancellationToken ct) =>
            TypedResults.Ok(View(await service.GetAsync(key, ct))));

        settings.MapPut("/{key}", async Task<Ok<SettingView>> (string key, SettingBody body, ISettingsService service, CancellationToken ct) =>
            TypedResults.Ok(View(await service.SetAsync(key, body.Value, ct))));

        var secrets = api.MapGroup("/secrets").WithTags("Settings");
        secrets.MapGet("/", async Task<Ok<IReadOnlyList<SecretView>>> (ISettingsService service, CancellationToken ct) =>
        {
            IReadOnlyList<SecretView> views = [.. (await service.ListSecretsAsync(ct)).Select(s => new SecretView(s.Name, s.IsSet, s.Description))];
            return TypedResults.Ok(views);
        });

        secrets.MapPost("/{name}", async Task<NoContent> (string name, SecretBody body, ISettingsService service, CancellationToken ct) =>
        {
            await service.SetSecretAsync(name, body.Value ?? string.Empty, ct);
            return TypedResults.NoContent();
        });

        secrets.MapDelete("/{name}", async Task<NoContent> (string name, ISettingsService service, CancellationToken ct) =>
        {
            await service.ClearSecretAsync(name, ct);
            return TypedResults.NoContent();
        });
    }

    private static SettingView View(SettingValue value) => new(value.Key, value.Value, value.Description);
}
