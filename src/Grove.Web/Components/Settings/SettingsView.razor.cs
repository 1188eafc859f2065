using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Services;
using Grove.Services.Settings;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Settings;

/// <summary>
/// Grove's settings: the agent program (and which one was found), API credentials (by state
/// only), GitHub (token by state, which token source is used, API URL), Ollama, the worktree folder, the default mode of new tabs, and the theme. Plain settings
/// are validated together with the CLI's and API's rules (<see cref="SettingKeys"/>) and saved
/// all or nothing.
/// </summary>
public sealed partial class SettingsView
{
    private readonly Dictionary<string, string?> _values = SettingKeys.Descriptions.Keys.ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
    private Dictionary<string, string?> _loaded = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, string> _errors = new Dictionary<string, string>();
    private AgentExecutableInfo? _agent;
    private bool _checking;
    private bool _saving;
    private bool _saved;
    private GitHubTokenSource? _tokenSource;
    private VoiceSourceStatus? _voiceStatus;

    [Inject] private ISettingsService Settings { get; set; } = null!;
    [Inject] private GrovePaths Paths { get; set; } = null!;
    [Inject] private Toasts Toasts { get; set; } = null!;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // Runs `claude --version`: only once interactive, not while prerendering.
            await CheckAgentAsync();
            StateHasChanged();
        }
    }

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
            if (changes.ContainsKey(SettingKeys.ClaudePath))
            {
                await CheckAgentAsync();
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

    private async Task CheckAgentAsync()
    {
        _checking = true;
        try
        {
            _agent = await Settings.DescribeAgentAsync();
        }
        catch (GroveException ex)
        {
            _agent = new AgentExecutableInfo(null, null, "not found", ex.Message);
        }
        finally
        {
            _checking = false;
        }
    }

    private async Task GitHubSecretChangedAsync()
    {
        if (_tokenSource is not null)
        {
            await _tokenSource.RefreshAsync();
        }
    }

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
