using Grove.Agents;
using Grove.Services.Settings;

namespace Grove.Services.Account;

/// <summary>The backend's base URL: the <c>account.api_url</c> setting, else <c>GROVE_API_URL</c>; null when neither is set.</summary>
internal sealed class AccountApiUrl(ISettingsService settings, AgentHostEnvironment host)
{
    public const string EnvironmentVariable = "GROVE_API_URL";

    public static string HowToConfigure =>
        $"No account backend is configured; set one with `grove config set {SettingKeys.AccountApiUrl} <url>` (or {EnvironmentVariable}).";

    public async Task<Uri?> GetAsync(CancellationToken cancellationToken)
    {
        var value = (await settings.GetAsync(SettingKeys.AccountApiUrl, cancellationToken)).Value ?? host.Get(EnvironmentVariable);
        return value is not null && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? new Uri(uri.AbsoluteUri.TrimEnd('/') + "/")
            : null;
    }
}
