using Grove.Core.Domain;

namespace Grove.Services.Projects;

/// <summary>What to clone, where to, and the project's name.</summary>
/// <param name="Source"><c>owner/repo</c> (GitHub), an https or ssh URL, <c>git@host:owner/repo</c> or a local path.</param>
/// <param name="Path">The folder to clone into (must be missing or empty); default <c>&lt;projects.root&gt;/&lt;repo&gt;</c> (<c>~/code/&lt;repo&gt;</c>).</param>
/// <param name="Name">The project's name; default the folder's name.</param>
public sealed record CloneRequest(string Source, string? Path = null, string? Name = null);

/// <summary>Clones a repository and adds it as a project, all or nothing.</summary>
public interface IProjectCloner
{
    /// <summary>
    /// Runs <c>git clone --progress</c> (progress lines to <paramref name="onProgress"/>), then adds the
    /// clone as a project. A refused source, a non-empty target or a taken name fails before git runs;
    /// a failed or cancelled clone leaves no folder and no project behind.
    /// </summary>
    Task<Project> CloneAsync(CloneRequest request, Action<string>? onProgress = null, CancellationToken cancellationToken = default);

    /// <summary>Where a clone of <paramref name="source"/> goes without a path: <c>&lt;projects.root&gt;/&lt;repo&gt;</c>. A source Grove cannot clone is an <see cref="Core.Errors.ErrorKind.InvalidInput"/> line.</summary>
    Task<string> DefaultTargetAsync(string source, CancellationToken cancellationToken = default);

    /// <summary>The folder clones go under: the <c>projects.root</c> setting, else <c>~/code</c>.</summary>
    Task<string> RootAsync(CancellationToken cancellationToken = default);
}
