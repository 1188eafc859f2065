namespace Grove.Testing;

/// <summary>
/// A real git repository in a temp folder, with one commit on <c>main</c>, and optionally a bare
/// "origin" remote beside it (pushed, with origin/HEAD set) to test fetch and push without a network.
/// </summary>
public sealed class TestRepository : IDisposable
{
    private readonly TempDirectory _temp;

    private TestRepository(TempDirectory temp, string path, string? remotePath)
    {
        _temp = temp;
        Path = path;
        RemotePath = remotePath;
    }

    /// <summary>The work tree of the main checkout.</summary>
    public string Path { get; }

    /// <summary>The bare "origin" repository, when created with a remote.</summary>
    public string? RemotePath { get; }

    /// <summary>A scratch folder beside the repository (for worktree roots, data folders…).</summary>
    public string Scratch(string name)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(path);
        return path;
    }

    public static TestRepository Create(bool withRemote = false, string defaultBranch = "main", IDictionary<string, string>? files = null)
    {
        var temp = new TempDirectory("grove-repo");
        var path = temp.Combine("repo");
        Directory.CreateDirectory(path);
        TestGit.Run(path, "init", "-q", "-b", defaultBranch);
        TestGit.Run(path, "config", "user.name", "Grove Test");
        TestGit.Run(path, "config", "user.email", "test@grove.invalid");
        TestGit.Run(path, "config", "commit.gpgSign", "false");
        var initial = files ?? new Dictionary<string, string>
        {
            ["README.md"] = "# test repo\n",
            ["src/app.txt"] = "line 1\nline 2\nline 3\n",
        };
        foreach (var (name, content) in initial)
        {
            var file = System.IO.Path.Combine(path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, content);
        }

        TestGit.Run(path, "add", "-A");
        TestGit.Run(path, "commit", "-q", "-m", "initial commit");

        string? remote = null;
        if (withRemote)
        {
            remote = temp.Combine("origin.git");
            TestGit.Run(temp.Path, "init", "-q", "--bare", "-b", defaultBranch, remote);
            TestGit.Run(path, "remote", "add", "origin", remote);
            TestGit.Run(path, "push", "-q", "-u", "origin", defaultBranch);
            TestGit.Run(path, "remote", "set-head", "origin", defaultBranch);
        }

        return new TestRepository(temp, path, remote);
    }

    public void WriteFile(string relativePath, string content)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
    }

    public string Commit(string message, params (string Path, string Content)[] files)
    {
        foreach (var (p, c) in files)
        {
            WriteFile(p, c);
        }

        TestGit.Run(Path, "add", "-A");
        TestGit.Run(Path, "commit", "-q", "-m", message);
        return TestGit.Run(Path, "rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] args) => TestGit.Run(Path, args);

    public void Dispose() => _temp.Dispose();
}
