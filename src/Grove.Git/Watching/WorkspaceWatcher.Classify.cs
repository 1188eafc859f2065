namespace Grove.Git.Watching;

/// <summary>Turns raw file system events into change kinds.</summary>
internal sealed partial class WorkspaceWatcher
{
    private const string HeadsPrefix = "refs/heads/";

    /// <summary>Grove's own refs (turn checkpoints), relative to <c>refs/</c>: no branch, tag or remote, so no workspace's files, HEAD or totals move with them.</summary>
    private static readonly string GroveRefsFolder = Checkpoints.CheckpointGit.GroveRefRoot["refs/".Length..];

    /// <summary>The folder itself (its creation is an event too).</summary>
    private static readonly string GroveRefsFolderName = GroveRefsFolder.TrimEnd('/');

    private void OnWorkingFile(string root, string fullPath)
    {
        var relative = Relative(root, fullPath);
        if (relative is null || relative == ".git" || relative.StartsWith(".git/", StringComparison.Ordinal))
        {
            return;
        }

        Record(WorkspaceChangeKinds.WorkingFiles, relative);
    }

    private void OnGitDirFile(string root, string fullPath)
    {
        var name = Relative(root, fullPath);
        if (name is null || IsLockNoise(name))
        {
            return;
        }

        var kinds = name switch
        {
            "HEAD" or "ORIG_HEAD" or "MERGE_HEAD" or "CHERRY_PICK_HEAD" or "REBASE_HEAD" => WorkspaceChangeKinds.Head,
            "index" => WorkspaceChangeKinds.Index,
            "packed-refs" => RefKinds(null),
            "config" => WorkspaceChangeKinds.Config, // the main work tree's git dir is the common dir
            _ => WorkspaceChangeKinds.None,
        };
        Record(kinds);
    }

    private void OnGitDirLog(string root, string fullPath)
    {
        // logs/HEAD gets a line each time HEAD moves: commit, checkout, reset, rebase.
        if (Relative(root, fullPath) == "HEAD")
        {
            Record(WorkspaceChangeKinds.Head);
        }
    }

    private void OnCommonDirFile(string root, string fullPath)
    {
        switch (Relative(root, fullPath))
        {
            case "packed-refs":
                Record(RefKinds(null));
                break;
            case "config":
                // `git remote add` and the like: what the changes panel offers (Pull/Push) depends on it.
                Record(WorkspaceChangeKinds.Config);
                break;
        }
    }

    private void OnRef(string root, string fullPath)
    {
        var relative = Relative(root, fullPath);
        if (relative is null || IsLockNoise(relative) || relative.StartsWith(GroveRefsFolder, StringComparison.Ordinal) || relative == GroveRefsFolderName)
        {
            // Every turn of every tab writes a checkpoint ref in the shared refs folder: were it a
            // change, each one would make every watched workspace of the repository count again.
            return;
        }

        Record(RefKinds("refs/" + relative));
    }

    /// <summary>A ref change; when it is the checked-out branch's ref, HEAD moved too.</summary>
    private WorkspaceChangeKinds RefKinds(string? refName)
    {
        var current = CurrentBranchRef();
        if (current is not null && (refName is null || refName == current))
        {
            return WorkspaceChangeKinds.Refs | WorkspaceChangeKinds.Head;
        }

        return WorkspaceChangeKinds.Refs;
    }

    private string? CurrentBranchRef()
    {
        try
        {
            var head = File.ReadAllText(Path.Combine(_dirs.GitDir, "HEAD")).Trim();
            return head.StartsWith("ref: " + HeadsPrefix, StringComparison.Ordinal) ? head[5..] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsLockNoise(string name) => name.EndsWith(".lock", StringComparison.Ordinal);

    private static string? Relative(string root, string fullPath)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}
