using Grove.Agents;
using Grove.Agents.ClaudeCode;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Logging;

namespace Grove.Services.Settings;

internal sealed class SettingsService(
    ISettingsStore settings,
    ICredentialStore credentials,
    IEnumerable<IAgentProgramProbe> probes,
    SettingChanges settingChanges,
    GroveLogLevel logLevel) : ISettingsService
{
    public async Task<IReadOnlyList<SettingValue>> ListAsync(CancellationToken cancellationToken = default)
    {
        var values = await settings.ListAsync(cancellationToken);
        return [.. SettingKeys.Descriptions.Select(d => new SettingValue(d.Key, values.GetValueOrDefault(d.Key), d.Value))];
    }

    public async Task<SettingValue> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        SettingKeys.EnsureKnown(key);
        return new SettingValue(key, await settings.GetAsync(key, cancellationToken), SettingKeys.Descriptions[key]);
    }

    public async Task<SettingValue> SetAsync(string key, string? value, CancellationToken cancellationToken = default)
    {
        var normalised = Normalise(key, value);
        await settings.SetAsync(key, normalised, cancellationToken);
        Applied(key, normalised);
        return new SettingValue(key, normalised, SettingKeys.Descriptions[key]);
    }

    public async Task<SettingsSaveResult> SaveAsync(IReadOnlyDictionary<string, string?> changes, CancellationToken cancellationToken = default)
    {
        var valid = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in changes)
        {
            try
            {
                valid[key] = Normalise(key, value);
            }
            catch (GroveException ex)
            {
                errors[key] = ex.Message;
            }
        }

        if (errors.Count > 0)
        {
            return new SettingsSaveResult(new Dictionary<string, string?>(), errors);
        }

        foreach (var (key, value) in valid)
        {
            await settings.SetAsync(key, value, cancellationToken);
            Applied(key, value);
        }

        return new SettingsSaveResult(valid, errors);
    }

    /// <summary>Settings that take effect at once in this process (the log level).</summary>
    private void Applied(string key, string? value)
    {
        if (key == SettingKeys.LogsLevel)
        {
            logLevel.ApplySetting(value);
        }

        settingChanges.Raise(key, value);
    }

    /// <summary>The one rule for a setting's value: known key, trimmed, blank = default, validated.</summary>
    private static string? Normalise(string key, string? value)
    {
        SettingKeys.EnsureKnown(key);
        return string.IsNullOrWhiteSpace(value) ? null : SettingKeys.Validate(key, value.Trim());
    }

    public async Task<IReadOnlyList<SecretState>> ListSecretsAsync(CancellationToken cancellationToken = default)
    {
        var names = await credentials.ListNamesAsync(cancellationToken);
        return [.. SettingKeys.Secrets.Select(s => new SecretState(s.Key, names.Contains(s.Key), s.Value))];
    }

    public async Task SetSecretAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        SettingKeys.EnsureKnownSecret(name);
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The value for '{name}' is empty.");
        }

        await credentials.SetAsync(name, trimmed, cancellationToken);
    }

    public Task<bool> ClearSecretAsync(string name, CancellationToken cancellationToken = default) =>
        credentials.DeleteAsync(SettingKeys.EnsureKnownSecret(name), cancellationToken);

    public async Task<AgentMode> GetDefaultAgentModeAsync(CancellationToken cancellationToken = default) =>
        await settings.GetAsync(SettingKeys.DefaultAgentMode, cancellationToken) == "plan" ? AgentMode.Plan : AgentMode.Agent;

    public async Task<AgentExecutableInfo> DescribeAgentAsync(CancellationToken cancellationToken = default)
    {
        // The same probe as settings' agent list and `grove setup claude`: one way to find the program.
        var status = await probes.First(p => p.Kind == ClaudeCodeKind.Kind).ProbeAsync(cancellationToken);
        return new AgentExecutableInfo(status.Path, status.Version, status.Source ?? "not found", status.Problem);
    }
}
