using System.Globalization;
using System.Text;
using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Checkpoints;

internal sealed class CheckpointGit(IGitRunner git) : ICheckpointGit
{
    /// <summary>Every ref Grove writes lives under this folder (the watcher ignores it: no branch, tag or remote).</summary>
    public const string GroveRefRoot = "refs/grove/";

    public const string RefRoot = GroveRefRoot + "checkpoints/";

    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromMinutes(5);

    public async Task<string> SnapshotTreeAsync(string worktree, CancellationToken cancellationToken = default)
    {
        await using var index = await TempIndex.CopyAsync(git, worktree, cancellationToken);
        return await WriteTreeAsync(worktree, index, cancellationToken);
    }

    public async Task<CheckpointCommit> CreateAsync(string worktree, string owner, string note, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(owner);
        var tree = await SnapshotTreeAsync(worktree, cancellationToken);
        var head = (await git.RunAsync(worktree, GitCommand.Create("rev-parse").Flag("--verify").Flag("-q").Arg("HEAD^{commit}"), new GitRunOptions { ThrowOnError = false }, cancellationToken))
            .StandardOutput.Trim();
        var existing = await ListAsync(worktree, owner, cancellationToken);
        var number = existing.Count == 0 ? 1 : existing[^1].Number + 1;
        var line = OneLine(note);

        string commit;
        if (existing.Count > 0 && existing[^1].Tree == tree && await ParentOfAsync(worktree, existing[^1].Commit, cancellationToken) == head)
        {
            commit = existing[^1].Commit;
        }
        else
        {
            var command = GitCommand.Create("commit-tree").Arg(tree);
            if (head.Length > 0)
            {
                command = command.Flag("-p").Arg(head);
            }

            var date = $"{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)} +0000";
            var result = await git.RunAsync(worktree, command, new GitRunOptions
            {
                StandardInput = line + "\n",
                Environment = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["GIT_AUTHOR_NAME"] = "Grove",
                    ["GIT_AUTHOR_EMAIL"] = "grove@localhost",
                    ["GIT_COMMITTER_NAME"] = "Grove",
                    ["GIT_COMMITTER_EMAIL"] = "grove@localhost",
                    ["GIT_AUTHOR_DATE"] = date,
                    ["GIT_COMMITTER_DATE"] = date,
                },
            }, cancellationToken);
            commit = result.StandardOutput.Trim();
        }

        var name = prefix + number.ToString(CultureInfo.InvariantCulture);
        await git.RunAsync(worktree, GitCommand.Create("update-ref").RefArg(name).Arg(commit), null, cancellationToken);
        return new CheckpointCommit(number, name, commit, tree, DateTimeOffset.FromUnixTimeSeconds(at.ToUnixTimeSeconds()), line);
    }

    public async Task<IReadOnlyList<CheckpointCommit>> ListAsync(string worktree, string owner, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(owner);
        var result = await git.RunAsync(
            worktree,
            GitCommand.Create("for-each-ref").Option("--format", "%(refname)%09%(objectname)%09%(tree)%09%(committerdate:unix)%09%(subject)").Arg(prefix),
            null,
            cancellationToken);
        var list = new List<CheckpointCommit>();
        foreach (var row in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = row.Split('\t', 5);
            if (fields.Length < 5 ||
                !int.TryParse(fields[0].AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
                !long.TryParse(fields[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            {
                continue;
            }

            list.Add(new CheckpointCommit(number, fields[0], fields[1], fields[2], DateTimeOffset.FromUnixTimeSeconds(seconds), fields[4]));
        }

        return [.. list.OrderBy(c => c.Number)];
    }

    public async Task<IReadOnlyList<TreeChange>> DiffAsync(string worktree, string fromTree, string toTree, CancellationToken cancellationToken = default)
    {
        if (fromTree == toTree)
        {
            return [];
        }

        var result = await git.RunAsync(
            worktree,
            GitCommand.Create("diff").Flag("--no-renames").Flag("--no-ext-diff").Flag("--name-status").Flag("-z").Arg(fromTree).Arg(toTree),
            null,
            cancellationToken);
        var parts = result.StandardOutput.Split('\0');
        var changes = new List<TreeChange>();
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            if (parts[i].Length > 0)
            {
                changes.Add(new TreeChange(parts[i][0], parts[i + 1]));
            }
        }

        return changes;
    }

    public async Task<IReadOnlyList<TreeChange>> RestoreAsync(string worktree, CheckpointCommit checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var current = await SnapshotTreeAsync(worktree, cancellationToken);
        var changes = await DiffAsync(worktree, current, checkpoint.Tree, cancellationToken);
        if (changes.Count == 0)
        {
            return changes;
        }

        // Files the checkpoint does not have go first (a file may stand where the checkpoint has a folder).
        var root = Path.GetFullPath(worktree);
        foreach (var change in changes.Where(c => c.Status == 'D'))
        {
            DeleteInside(root, change.Path);
        }

        var write = changes.Where(c => c.Status != 'D').Select(c => c.Path).ToList();
        if (write.Count > 0)
        {
            await using var index = TempIndex.Empty(await TempIndex.FolderAsync(git, worktree, cancellationToken));
            await git.RunAsync(worktree, GitCommand.Create("read-tree").Arg(checkpoint.Tree), new GitRunOptions { Environment = index.Environment }, cancellationToken);
            var input = new StringBuilder();
            foreach (var path in write)
            {
                input.Append(path).Append('\0');
            }

            await git.RunAsync(
                worktree,
                GitCommand.Create("checkout-index").Flag("-f").Flag("-q").Flag("-z").Flag("--stdin"),
                new GitRunOptions { Environment = index.Environment, StandardInput = input.ToString(), Timeout = SnapshotTimeout },
                cancellationToken);
        }

        return changes;
    }

    public async Task<int> DeleteAllAsync(string worktree, string owner, CancellationToken cancellationToken = default)
    {
        var all = await ListAsync(worktree, owner, cancellationToken);
        if (all.Count == 0)
        {
            return 0;
        }

        var input = new StringBuilder();
        foreach (var checkpoint in all)
        {
            input.Append("delete ").Append(checkpoint.Ref).Append('\n');
        }

        await git.RunAsync(worktree, GitCommand.Create("update-ref").Flag("--stdin"), new GitRunOptions { StandardInput = input.ToString() }, cancellationToken);
        return all.Count;
    }

    /// <summary><c>refs/grove/checkpoints/&lt;owner&gt;/</c>; the owner must be one ref component.</summary>
    internal static string Prefix(string owner)
    {
        if (string.IsNullOrEmpty(owner) || owner.Contains('/') || owner.StartsWith('.') || owner.Contains(".."))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{owner}' cannot name checkpoints.");
        }

        GitArgumentRules.EnsureValidRefName(RefRoot + owner + "/1");
        return RefRoot + owner + "/";
    }

    private static string OneLine(string note)
    {
        var line = string.Join(' ', note.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length == 0 ? "checkpoint" : line;
    }

    private async Task<string> WriteTreeAsync(string worktree, TempIndex index, CancellationToken cancellationToken)
    {
        var options = new GitRunOptions { Environment = index.Environment, Timeout = SnapshotTimeout };
        await git.RunAsync(worktree, GitCommand.Create("add").Flag("-A"), options, cancellationToken);
        return (await git.RunAsync(worktree, GitCommand.Create("write-tree"), options, cancellationToken)).StandardOutput.Trim();
    }

    private async Task<string> ParentOfAsync(string worktree, string commit, CancellationToken cancellationToken) =>
        (await git.RunAsync(worktree, GitCommand.Create("rev-parse").Flag("--verify").Flag("-q").Arg(commit + "^1"), new GitRunOptions { ThrowOnError = false }, cancellationToken))
            .StandardOutput.Trim();

    /// <summary>Deletes a file named by git under <paramref name="root"/>, refusing anything through a link; empty folders it leaves are removed.</summary>
    private static void DeleteInside(string root, string gitPath)
    {
        var full = Path.GetFullPath(Path.Combine(root, gitPath));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new SecurityViolationException($"'{gitPath}' is outside the work tree.");
        }

        for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
        {
            if (new DirectoryInfo(folder).LinkTarget is not null)
            {
                throw new SecurityViolationException($"'{gitPath}' is reached through a link; not removed.");
            }
        }

        var info = new FileInfo(full);
        if (info.Exists || info.LinkTarget is not null)
        {
            info.Delete();
        }

        for (var folder = Path.GetDirectoryName(full); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
        {
            if (!Directory.Exists(folder) || Directory.EnumerateFileSystemEntries(folder).Any())
            {
                break;
            }

            Directory.Delete(folder);
        }
    }

    /// <summary>A temporary index file beside the real one, deleted on dispose.</summary>
    private sealed class TempIndex : IAsyncDisposable
    {
        private readonly string _path;

        private TempIndex(string path)
        {
            _path = path;
            Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_INDEX_FILE"] = path };
        }

        public IReadOnlyDictionary<string, string> Environment { get; }

        /// <summary>The folder of the work tree's own index (its git dir).</summary>
        public static async Task<(string Folder, string Index)> LocateAsync(IGitRunner git, string worktree, CancellationToken cancellationToken)
        {
            var relative = (await git.RunAsync(worktree, GitCommand.Create("rev-parse").Flag("--git-path").Arg("index"), null, cancellationToken)).StandardOutput.Trim();
            var index = Path.GetFullPath(Path.Combine(worktree, relative));
            return (Path.GetDirectoryName(index)!, index);
        }

        public static async Task<string> FolderAsync(IGitRunner git, string worktree, CancellationToken cancellationToken) =>
            (await LocateAsync(git, worktree, cancellationToken)).Folder;

        public static TempIndex Empty(string folder) => new(Path.Combine(folder, $"grove-checkpoint-{Guid.NewGuid():N}.index"));

        public static async Task<TempIndex> CopyAsync(IGitRunner git, string worktree, CancellationToken cancellationToken)
        {
            var (folder, index) = await LocateAsync(git, worktree, cancellationToken);
            var temp = Empty(folder);
            if (File.Exists(index))
            {
                File.Copy(index, temp._path);
            }

            return temp;
        }

        public ValueTask DisposeAsync()
        {
            try
            {
                File.Delete(_path);
                File.Delete(_path + ".lock");
            }
            catch (IOException)
            {
                // A stale temp index is harmless; git never reads it.
            }

            return ValueTask.CompletedTask;
        }
    }
}
