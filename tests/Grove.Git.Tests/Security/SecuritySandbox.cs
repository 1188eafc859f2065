using Grove.Git.Security;
using Grove.Testing;

namespace Grove.Git.Tests.Security;

/// <summary>
/// A temp folder with a registered root ("root", a real git repo when asked) and an "outside"
/// folder beside it holding a secret, plus the secure file system over the registry.
/// </summary>
internal sealed class SecuritySandbox : IDisposable
{
    public const string RootId = "ws_test";
    public const string Secret = "outside secret\n";

    private readonly TempDirectory _temp = new("grove-sec");

    public SecuritySandbox(bool withGit = false, long maxReadBytes = 16L * 1024 * 1024)
    {
        Root = _temp.Combine("root");
        Outside = _temp.Combine("outside");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "secret.txt"), Secret);
        File.WriteAllText(Path.Combine(Root, "inside.txt"), "inside\n");
        if (withGit)
        {
            TestGit.Run(Root, "init", "-q", "-b", "main");
        }

        Roots = new ConfinementRoots();
        Roots.Register(RootId, Root);
        Files = SecureFileSystemFactory.Create(Roots, new SecureFileSystemOptions { MaxReadBytes = maxReadBytes });
    }

    public string Root { get; }

    public string Outside { get; }

    public string Parent => _temp.Path;

    public ConfinementRoots Roots { get; }

    public ISecureFileSystem Files { get; }

    public string InRoot(string relative) => Path.Combine(Root, relative);

    public string InOutside(string relative) => Path.Combine(Outside, relative);

    public void Link(string relativeInRoot, string target)
    {
        var path = InRoot(relativeInRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    /// <summary>Every file under the outside folder with its content: to prove nothing changed there.</summary>
    public IReadOnlyDictionary<string, string> OutsideSnapshot()
    {
        // Links are not followed (a scenario may link to '/'); the root itself is not "outside".
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = Directory.EnumerateFiles(Outside, "*", options)
            .Concat(Directory.EnumerateFiles(Parent, "*", new EnumerationOptions { AttributesToSkip = FileAttributes.ReparsePoint }));
        return files.ToDictionary(f => f, File.ReadAllText);
    }

    public void Dispose() => _temp.Dispose();
}
