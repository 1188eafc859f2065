namespace Grove.Core.Updates;

/// <summary>
/// What the last update check found: the running version, the newest one the manifest names (with
/// its notes and date) and whether it is newer. Shown by the UI's notice and <c>grove --version</c>.
/// </summary>
public sealed record UpdateStatus(string CurrentVersion, string LatestVersion, string? Notes, DateTimeOffset? ReleasedAt, DateTimeOffset CheckedAt)
{
    public bool UpdateAvailable => ReleaseVersion.Compare(LatestVersion, CurrentVersion) > 0;

    /// <summary>The quiet one-liner: "Grove 0.3.0 is available".</summary>
    public string Notice => $"Grove {LatestVersion} is available";
}

/// <summary>How this Grove was installed, which decides what <c>grove update</c> does.</summary>
public enum InstallKind
{
    /// <summary>Run from a clone (<c>dotnet run</c>, build output): update with <c>git pull</c>.</summary>
    Source,

    /// <summary>A .NET tool (<c>dotnet tool install</c>): update with <c>dotnet tool update</c>.</summary>
    Tool,

    /// <summary>A self-contained single-file download: <c>grove update</c> swaps the file.</summary>
    SingleFile,
}

/// <summary>What <c>grove update</c> did or what the user should run.</summary>
public sealed record UpdateOutcome(InstallKind Kind, bool Replaced, string Message, string? Command = null);
