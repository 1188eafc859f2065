using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Services;
using Grove.Services.Settings;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Settings;

/// <summary>
/// Grove's settings: each agent's program (version, where it was found, how it signs in) and the default agent, API credentials (by state
/// only), GitHub (token by state, which token source is used, API URL), the optional account, Ollama, the worktree folder, the default mode of new tabs, and the theme. Plain settings
/// are validated together with the CLI's and API's rules (<see cref="SettingKeys"/>) and saved
/// all or nothing.
/// </summary>
public sealed partial class SettingsView
{
    private readonly Dictionary<string, string?> _values = SettingKeys.Descriptions.Keys.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
    private Dictionary<string, string?> _loaded = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private AgentProgramsSection? _programs;
    private IReadOnlyList<Grove.Core.Agents.AgentKindInfo> _kinds = [];
    private bool _saving;
    private bool _saved;
    private GitHubTokenSource? _tokenSource;
    private AccountSection? _account;

    private AnalyticsStatusLine? _analyticsStatus;

    private VoiceSourceStatus? _voiceStatus;

    [Inject] private ISettingsService Settings { get; set; } = null!;
    [Inject] private GrovePaths Paths { get; set; } = null!;
    [Inject] private Toasts Toasts { get; set; } = null!;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        foreach (var setting in await Settings.ListAsync())
        {
            _values[setting.Key] = setting.Value;
        }

        _loaded = new Dictionary<string, string?>(_values, StringComparer.Ordinal);
    }

    private string? ErrorFor(string key) => _errors.GetValueOrDefault(key);

    private async Task SaveAsync()
    {
        _saving = true;
        _saved = false;
        try
        {
            var changes = _values
                .Where(v => !string.Equals(Normalize(v.Value), Normalize(_loaded.GetValueOrDefault(v.Key)), StringComparison.Ordinal))
                .ToDictionary(v => v.Key, v => Normalize(v.Value), StringComparer.Ordinal);
            var result = await Settings.SaveAsync(changes);
            _errors = result.Errors;
            if (!result.Succeeded)
            {
                return;
            }

            await LoadAsync();
            _saved = true;
            if (_analyticsStatus is not null)
            {
                await _analyticsStatus.RefreshAsync();
            }

            if ((changes.ContainsKey(SettingKeys.ClaudePath) || changes.ContainsKey(SettingKeys.DefaultAgentKind) || changes.Keys.Any(k => k.StartsWith("ollama.", StringComparison.Ordinal)))
                && _programs is not null)
            {
                await _programs.CheckAsync(refresh: true);
            }

            if (changes.ContainsKey(SettingKeys.AccountApiUrl) && _account is not null)
            {
                await _account.RefreshAsync();
            }

            if (changes.ContainsKey(SettingKeys.VoiceBaseUrl) || changes.ContainsKey(SettingKeys.VoiceModel))
            {
                await VoiceChangedAsync();
            }
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
        }
        finally
        {
            _saving = false;
        }
    }

    /// <summary>A key or token changed: the agents' sign-in lines say so.</summary>
    private async Task AgentAuthChangedAsync()
    {
        if (_programs is not null)
        {
            await _programs.CheckAsync(refresh: true);
        }
    }

    private async Task GitHubSecretChangedAsync()
    {
        if (_tokenSource is not null)
        {
            await _tokenSource.RefreshAsync();
        }
    }

    private void AnalyticsChanged(ChangeEventArgs e) =>
        _values[SettingKeys.AnalyticsOptIn] = e.Value is true || (e.Value is string text && bool.TryParse(text, out var on) && on) ? "true" : null;

    private async Task VoiceChangedAsync()
    {
        if (_voiceStatus is not null)
        {
            await _voiceStatus.RefreshAsync();
        }
    }

    private void InterruptRunningChanged(ChangeEventArgs e) =>
        _values[SettingKeys.BudgetsInterruptRunning] = e.Value is true || (e.Value is string text && bool.TryParse(text, out var on) && on) ? "true" : null;

    private void UseOllamaChanged(ChangeEventArgs e) =>
        _values[SettingKeys.UseOllama] = e.Value is true || (e.Value is string text && bool.TryParse(text, out var on) && on) ? "true" : null;

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
