using Grove.Core.Domain;

namespace Grove.Services.Settings;

/// <summary>A known setting, its stored value (null = default) and what it does.</summary>
public sealed record SettingValue(string Key, string? Value, string Description);

/// <summary>A known secret: whether it is set. The value itself never leaves the credential store.</summary>
public sealed record SecretState(string Name, bool IsSet, string Description);

/// <summary>The outcome of saving several settings: either every value was stored, or none (and why).</summary>
public sealed record SettingsSaveResult(IReadOnlyDictionary<string, string?> Saved, IReadOnlyDictionary<string, string> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>Which agent program Grove would run, its version, and where it was found; or why none runs.</summary>
public sealed record AgentExecutableInfo(string? Path, string? Version, string Source, string? Error);

/// <summary>
/// Settings and secrets for a settings screen: the known keys with their validation
/// (<see cref="SettingKeys"/>), secrets by state only, and the agent program Grove would use.
/// </summary>
public interface ISettingsService
{
    Task<IReadOnlyList<SettingValue>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One known setting and its stored value (null = default); refuses an unknown key.</summary>
    Task<SettingValue> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates one value (trimmed) and stores it; a null or blank value returns the setting to its
    /// default. Throws <c>GroveException</c> (<c>InvalidInput</c>) for an unknown key or a bad value.
    /// </summary>
    Task<SettingValue> SetAsync(string key, string? value, CancellationToken cancellationToken = default);

    /// <summary>
    /// Validates every change first and stores them only if all are valid. A null or blank value
    /// returns the setting to its default.
    /// </summary>
    Task<SettingsSaveResult> SaveAsync(IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SecretState>> ListSecretsAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a secret (trimmed, encrypted). Refuses unknown names and empty values.</summary>
    Task SetSecretAsync(string name, string value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a secret; false when it was not set.</summary>
    Task<bool> ClearSecretAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The mode new agent tabs start in (<see cref="SettingKeys.DefaultAgentMode"/>).</summary>
    Task<AgentMode> GetDefaultAgentModeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The agent program new tabs would run: GROVE_CLAUDE_PATH, else the <c>claude.path</c>
    /// setting, else the first supported one the locator finds; with its <c>--version</c>.
    /// </summary>
    Task<AgentExecutableInfo> DescribeAgentAsync(CancellationToken cancellationToken = default);
}
