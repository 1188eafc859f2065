using System.Globalization;
using Grove.Data.Stores;

namespace Grove.Services.Admission;

/// <summary>The admission settings as they stand: the caps and the memory threshold.</summary>
internal sealed record AdmissionLimits(int MaxRunning, int? MaxRunningPerProject, long MinFreeMemoryMb)
{
    public const long DefaultMinFreeMemoryMb = 1024;

    /// <summary>
    /// The default cap: max(2, min(cores × 2, available GB × 2)) — two agents per core, half a GB each,
    /// never fewer than two.
    /// </summary>
    public static int DefaultMaxRunning(int cores, long? availableBytes)
    {
        var byCores = cores * 2;
        var byMemory = availableBytes is { } bytes ? (int)Math.Min(int.MaxValue, bytes / (512L * 1024 * 1024)) : byCores;
        return Math.Max(2, Math.Min(byCores, byMemory));
    }

    public static async Task<AdmissionLimits> ReadAsync(ISettingsStore settings, int defaultMaxRunning, CancellationToken cancellationToken)
    {
        var all = await settings.ListAsync(cancellationToken);
        return new AdmissionLimits(
            Int(all, SettingKeys.MaxRunning) ?? defaultMaxRunning,
            Int(all, SettingKeys.MaxRunningPerProject),
            Int(all, SettingKeys.MinFreeMemoryMb) ?? DefaultMinFreeMemoryMb);
    }

    private static int? Int(IReadOnlyDictionary<string, string> all, string key) =>
        all.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
