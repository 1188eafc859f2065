using Grove.Core.Errors;
using Grove.Git;
using Grove.Git.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Setup;

/// <summary>
/// Copies the git-ignored files named by the project's <c>.worktreeinclude</c> (gitignore syntax,
/// e.g. <c>.env</c>) from the project folder into a new worktree. Only untracked files that git
/// ignores are copied, both ends are confined with <see cref="PathGuard"/>, links are skipped and
/// files already present in the worktree are left alone.
/// </summary>
public sealed class WorktreeIncludeCopier(IGitRunner git, ILogger<WorktreeIncludeCopier> logger)
{
    public const string FileName = ".worktreeinclude";

    public async Task<IReadOnlyList<string>> CopyAsync(string projectPath, string worktreePath, CancellationToken cancellationToken)
    {
        var includeFile = Path.Combine(projectPath, FileName);
        if (!File.Exists(includeFile) || new FileInfo(includeFile).LinkTarget is not null)
        {
            return [];
        }

        var matching = await git.RunAsync(
            projectPath,
            GitCommand.Create("ls-files").Flag("-z").Flag("--others").Flag("--ignored").Option("--exclude-from", includeFile),
            cancellationToken: cancellationToken);
        var candidates = Split(matching.StandardOutput);
        if (candidates.Count == 0)
        {
            return [];
        }

        // Keep only those git ignores (a file listed in .worktreeinclude but tracked-able stays out).
        var ignoredSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in candidates.Chunk(500))
        {
            var ignored = await git.RunAsync(
                projectPath,
                GitCommand.Create("ls-files").Flag("-z").Flag("--others").Flag("--ignored").Flag("--exclude-standard").Paths(batch),
                cancellationToken: cancellationToken);
            ignoredSet.UnionWith(Split(ignored.StandardOutput));
        }

        var copied = new List<string>();
        foreach (var relative in candidates.Where(ignoredSet.Contains))
        {
            try
            {
                var source = PathGuard.Resolve(projectPath, relative);
                var destination = PathGuard.Resolve(worktreePath, relative);
                if (new FileInfo(source).LinkTarget is not null || File.Exists(destination) || !File.Exists(source))
                {
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(source, destination, overwrite: false);
                copied.Add(relative);
            }
            catch (SecurityViolationException ex)
            {
                logger.LogWarning("Skipped {Path} from {File}: {Reason}", relative, FileName, ex.Message);
            }
        }

        return copied;
    }

    private static List<string> Split(string nulSeparated) =>
        [.. nulSeparated.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
}
