using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Tests.Security;

/// <summary>Path text that must be refused before the filesystem is touched.</summary>
public sealed class PathTraversalAttackTests
{
    public static TheoryData<string> TraversalPaths => new()
    {
        "..",
        "../x",
        "../outside/secret.txt",
        "a/../../x",
        "./../x",
        "a/b/../../../outside/secret.txt",
        "a/./../../outside/secret.txt",
        "/etc/passwd",
        "//server/share/x",
        "C:\\Windows\\win.ini",
        "C:/Windows/win.ini",
        "c:x",
        "\\\\server\\share\\x",
        "\\\\?\\C:\\Windows",
        "..\\outside\\secret.txt",
        "a\\..\\..\\x",
        "~/x",
        "~root/.ssh/id_rsa",
        "a\0b",
        "inside.txt\0.png",
        "a\nb",
        "a\rb",
        "a\tb",
        "a\u007fb",
        "a\u0085b",
        "",
        ".",
        "./",
        "./.",
        "/",
        "x.",
        "x ",
        "...",
        "a/.../b",
        "dir./x",
        new string('a', 5000),
        new string('b', 300),
        "a/" + new string('é', 200),
        "\u202Egnp.exe",
        "a\u200Bb",
        "a\uFEFFb",
    };

    public static TheoryData<string> EncodedPaths => new()
    {
        "%2e%2e/outside/secret.txt",
        "%2E%2E/outside/secret.txt",
        "%2e%2e%2foutside%2fsecret.txt",
        "%252e%252e%252foutside",
        "%25252e%25252e/x",
        "..%2foutside",
        "..%5coutside",
        "%2e%2e%5coutside",
        "%2e",
        "%2e%2e",
        "%00",
        "a%00.txt",
        "a%0a.txt",
        "%25%32%65%25%32%65%25%32%66x",
        "%7e/x",
        "x%2e",
        "x%20",
        "\uFF0E\uFF0E/outside/secret.txt",
        "..\u2215outside\u2215secret.txt",
        "..\uFF0Foutside",
        "\u2025/outside",
        "\uFE52\uFE52/outside",
        "..\uFF3Coutside",
        "..\u2044outside",
        "..\u29F8outside",
        "%ef%bc%8e%ef%bc%8e/outside",
        "%e2%88%95etc",
        "\uFF5E/x",
        "C\uFF1A/x",
        "x\u3000",
    };

    [Theory]
    [MemberData(nameof(TraversalPaths))]
    [MemberData(nameof(EncodedPaths))]
    public void Validate_AttackText_IsRefused(string path)
    {
        Assert.Throws<SecurityViolationException>(() => PathGuard.Validate(path));
    }

    [Theory]
    [MemberData(nameof(TraversalPaths))]
    [MemberData(nameof(EncodedPaths))]
    public async Task SecureFileSystem_AttackText_RefusesWriteReadAndDelete_AndLeavesOutsideUntouched(string path)
    {
        using var sandbox = new SecuritySandbox();
        var before = sandbox.OutsideSnapshot();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => sandbox.Files.WriteAllTextAsync(SecuritySandbox.RootId, path, "pwned", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => sandbox.Files.ReadAllTextAsync(SecuritySandbox.RootId, path, ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => sandbox.Files.DeleteAsync(SecuritySandbox.RootId, path, ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => sandbox.Files.ExistsAsync(SecuritySandbox.RootId, path, ct));

        Assert.Equal(before, sandbox.OutsideSnapshot());
        Assert.True(Directory.Exists(sandbox.Root));
        Assert.Equal("inside\n", File.ReadAllText(sandbox.InRoot("inside.txt")));
    }

    [Theory]
    [MemberData(nameof(TraversalPaths))]
    [MemberData(nameof(EncodedPaths))]
    public void ToGitPath_AttackText_IsRefused(string path)
    {
        using var sandbox = new SecuritySandbox();
        Assert.Throws<SecurityViolationException>(() => PathGuard.ToGitPath(sandbox.Root, path));
    }

    [Fact]
    public void Validate_LoneSurrogate_IsRefused()
    {
        // Built in code: theory data would not carry an invalid UTF-16 string intact.
        var path = new string(['a', '\uD800', 'x']);
        Assert.Throws<SecurityViolationException>(() => PathGuard.Validate(path));
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/app.txt")]
    [InlineData("notes with spaces.md")]
    [InlineData("docs/résumé-日本語.txt")]
    [InlineData("報告（最終）.docx")]
    [InlineData("a．txt")]
    [InlineData("100%.txt")]
    [InlineData("a%20b.txt")]
    [InlineData("-rf")]
    [InlineData("--force")]
    [InlineData(".gitignore")]
    [InlineData("sub/.gitattributes")]
    [InlineData(".github/workflows/ci.yml")]
    [InlineData("foo.git/x")]
    [InlineData("my.git")]
    [InlineData("emoji-🎉.txt")]
    [InlineData("./a//b/./c.txt")]
    public void Validate_LegitimateNames_AreAccepted(string path)
    {
        var segments = PathGuard.Validate(path);
        Assert.NotEmpty(segments);
        Assert.DoesNotContain(segments, s => s is ".." or "." or "");
    }
}
