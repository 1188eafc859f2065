using System.Diagnostics;
using System.Globalization;

namespace Grove.Services.Agents;

/// <summary>
/// Names the Grove process that runs a tab's agent as <c>pid:start-ticks</c>: a pid alone could be
/// reused by an unrelated process after a crash, the pair cannot.
/// </summary>
internal static class RunOwner
{
    public static string Current { get; } = Of(Environment.ProcessId) ?? Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the named process still runs (the same process, not a reuse of its pid).</summary>
    public static bool IsAlive(string? owner)
    {
        if (owner is null)
        {
            return false;
        }

        if (owner == Current)
        {
            return true;
        }

        var colon = owner.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && int.TryParse(owner.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Of(pid) == owner;
    }

    internal static string? Of(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return $"{pid}:{process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
