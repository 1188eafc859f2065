namespace Grove.Services.Settings;

/// <summary>Tells the services that cache a setting that it changed (raised by <see cref="SettingsService"/> after storing).</summary>
internal sealed class SettingChanges
{
    public event Action<string, string?>? Changed;

    public void Raise(string key, string? value) => Changed?.Invoke(key, value);
}
