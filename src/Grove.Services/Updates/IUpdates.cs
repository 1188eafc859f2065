using Grove.Core.Updates;

namespace Grove.Services.Updates;

/// <summary>
/// Grove's update check and <c>grove update</c>. Nothing is contacted while the <c>updates.url</c>
/// setting is empty. Checks (start-up, the UI regaining focus) run at most once a minute.
/// </summary>
public interface IUpdates
{
    /// <summary>The newest check's result (or the cached one from an earlier run); null when none or no URL.</summary>
    UpdateStatus? Latest { get; }

    /// <summary>How this Grove was installed (decides what <see cref="UpdateAsync"/> does).</summary>
    InstallKind InstallKind { get; }

    /// <summary>Raised after a check that changed <see cref="Latest"/>.</summary>
    event Action? Changed;

    /// <summary>
    /// Fetches the manifest unless a check ran less than a minute ago (then returns <see cref="Latest"/>).
    /// Null when <c>updates.url</c> is empty. A failing server is logged, never thrown.
    /// </summary>
    Task<UpdateStatus?> CheckAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Fetches the manifest now and updates this install: for a single-file build the platform's archive
    /// (the file and the UI's wwwroot) is downloaded, its SHA-512 verified (a mismatch or a failed download
    /// throws and replaces nothing) and put in place by renames (<see cref="InstallFolderSwap"/>: the old
    /// build is kept until the next start, and put back if the new one does not run <c>--version</c>);
    /// a tool install gets the exact <c>dotnet tool update</c> command;
    /// a source checkout is told to <c>git pull</c>.
    /// </summary>
    Task<UpdateOutcome> UpdateAsync(CancellationToken cancellationToken = default);
}
