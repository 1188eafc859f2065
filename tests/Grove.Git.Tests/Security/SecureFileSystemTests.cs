using System.Diagnostics;
using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Tests.Security;

/// <summary>The secure file API does its job for legitimate requests and refuses the rest cleanly.</summary>
public sealed class SecureFileSystemTests
{
    [Theory]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData("a/..")]
    [InlineData("a/../")]
    [InlineData("./.")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("..")]
    [InlineData(".//.")]
    public async Task Delete_OfTheRoot_IsRefused_AndTheRootSurvives(string path)
    {
        using var s = new SecuritySandbox();
        Directory.CreateDirectory(s.InRoot("a"));
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.DeleteAsync(SecuritySandbox.RootId, path, ct));

        Assert.True(File.Exists(s.InRoot("inside.txt")));
        Assert.True(Directory.Exists(s.InRoot("a")));
    }

    [Fact]
    public async Task Delete_OfALinkToTheRoot_RemovesTheLinkNotTheRoot()
    {
        using var s = new SecuritySandbox();
        s.Link("self", ".");
        var ct = TestContext.Current.CancellationToken;

        await s.Files.DeleteAsync(SecuritySandbox.RootId, "self", ct);

        Assert.False(Path.Exists(s.InRoot("self")));
        Assert.True(File.Exists(s.InRoot("inside.txt")));
    }

    [Fact]
    public async Task WriteThenRead_RoundTrips_UnicodeNamesAndSpaces_AndCreatesParentsInside()
    {
        using var s = new SecuritySandbox();
        var ct = TestContext.Current.CancellationToken;
        const string path = "docs/ordner mit leerzeichen/résumé 日本語.md";

        await s.Files.WriteAllTextAsync(SecuritySandbox.RootId, path, "héllo ✓\n", ct);

        Assert.Equal("héllo ✓\n", await s.Files.ReadAllTextAsync(SecuritySandbox.RootId, path, ct));
        Assert.Equal("héllo ✓\n", File.ReadAllText(s.InRoot(path)));
        Assert.True(await s.Files.ExistsAsync(SecuritySandbox.RootId, "docs/ordner mit leerzeichen", ct));
        Assert.Empty(Directory.EnumerateFiles(s.InRoot("docs/ordner mit leerzeichen"), "*.tmp"));
    }

    [Fact]
    public async Task Write_ReplacesAtomically_KeepsTheFileMode_AndLeavesNoTempFile()
    {
        using var s = new SecuritySandbox();
        var script = s.InRoot("run.sh");
        File.WriteAllText(script, "old");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var ct = TestContext.Current.CancellationToken;

        await s.Files.WriteAllBytesAsync(SecuritySandbox.RootId, "run.sh", "new"u8.ToArray(), ct);

        Assert.Equal("new", File.ReadAllText(script));
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute));
        }

        Assert.Equal(["inside.txt", "run.sh"], Directory.EnumerateFileSystemEntries(s.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Read_OverTheSizeCap_IsRefusedWithAClearMessage()
    {
        using var s = new SecuritySandbox(maxReadBytes: 1024);
        File.WriteAllBytes(s.InRoot("big.bin"), new byte[1025]);
        File.WriteAllBytes(s.InRoot("fits.bin"), new byte[1024]);
        var ct = TestContext.Current.CancellationToken;

        var error = await Assert.ThrowsAsync<GroveException>(() => s.Files.ReadAllBytesAsync(SecuritySandbox.RootId, "big.bin", ct));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.Contains("1024-byte read limit", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Equal(1024, (await s.Files.ReadAllBytesAsync(SecuritySandbox.RootId, "fits.bin", ct)).Length);
    }

    [Fact]
    public async Task Read_OfAFifo_IsRefusedInsteadOfBlocking()
    {
        using var s = new SecuritySandbox();
        using (var mkfifo = Process.Start("mkfifo", [s.InRoot("pipe")]))
        {
            await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, mkfifo.ExitCode);
        }

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ReadAllBytesAsync(SecuritySandbox.RootId, "pipe", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MissingFile_IsNotFound_NotASecurityError()
    {
        using var s = new SecuritySandbox();
        var ct = TestContext.Current.CancellationToken;

        var read = await Assert.ThrowsAsync<GroveException>(() => s.Files.ReadAllTextAsync(SecuritySandbox.RootId, "nope.txt", ct));
        var delete = await Assert.ThrowsAsync<GroveException>(() => s.Files.DeleteAsync(SecuritySandbox.RootId, "nope/deeper.txt", ct));

        Assert.Equal(ErrorKind.NotFound, read.Kind);
        Assert.Equal(ErrorKind.NotFound, delete.Kind);
        Assert.False(await s.Files.ExistsAsync(SecuritySandbox.RootId, "nope.txt", ct));
    }

    [Fact]
    public async Task Rename_MovesInsideTheRoot_AndRefusesOverwriting()
    {
        using var s = new SecuritySandbox();
        File.WriteAllText(s.InRoot("other.txt"), "other");
        var ct = TestContext.Current.CancellationToken;

        await s.Files.RenameAsync(SecuritySandbox.RootId, "inside.txt", "moved/here.txt", ct);
        var clash = await Assert.ThrowsAsync<GroveException>(() => s.Files.RenameAsync(SecuritySandbox.RootId, "other.txt", "moved/here.txt", ct));

        Assert.Equal(ErrorKind.AlreadyExists, clash.Kind);
        Assert.Equal("inside\n", File.ReadAllText(s.InRoot("moved/here.txt")));
        Assert.Equal("other", File.ReadAllText(s.InRoot("other.txt")));
        Assert.False(File.Exists(s.InRoot("inside.txt")));
    }

    [Theory]
    [InlineData("inside.txt", "../outside/stolen.txt")]
    [InlineData("../outside/secret.txt", "stolen.txt")]
    [InlineData("inside.txt", "/tmp/stolen.txt")]
    [InlineData("inside.txt", ".git/hooks/pre-commit")]
    public async Task Rename_WithEitherEndOutside_IsRefused(string from, string to)
    {
        using var s = new SecuritySandbox();
        var before = s.OutsideSnapshot();

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.RenameAsync(SecuritySandbox.RootId, from, to, TestContext.Current.CancellationToken));

        Assert.Equal(before, s.OutsideSnapshot());
        Assert.True(File.Exists(s.InRoot("inside.txt")));
        Assert.False(File.Exists(s.InRoot("stolen.txt")));
    }

    [Fact]
    public async Task Operations_OnAnUnregisteredRoot_AreRefused()
    {
        using var s = new SecuritySandbox();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ReadAllTextAsync(s.Outside, "secret.txt", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.WriteAllTextAsync("/", "tmp/x", "x", ct));
        await Assert.ThrowsAsync<SecurityViolationException>(() => s.Files.ListAsync("ws_unknown", ".", ct));

        Assert.Equal("inside\n", await s.Files.ReadAllTextAsync(s.Root, "inside.txt", ct));
    }

    [Fact]
    public async Task List_ReportsFilesFoldersAndLinks_WithTheirConfinement()
    {
        using var s = new SecuritySandbox();
        Directory.CreateDirectory(s.InRoot("src"));
        File.WriteAllText(s.InRoot("src/a.cs"), "class A {}");
        s.Link("src/alias.cs", "a.cs");
        s.Link("src/out", s.Outside);
        var ct = TestContext.Current.CancellationToken;

        var entries = await s.Files.ListAsync(SecuritySandbox.RootId, "src", ct);

        Assert.Equal(["a.cs", "alias.cs", "out"], entries.Select(e => e.Name));
        Assert.Equal("src/a.cs", entries[0].RelativePath);
        Assert.Equal(SecureEntryKind.File, entries[0].Kind);
        Assert.Equal((SecureEntryKind.Link, (bool?)true), (entries[1].Kind, entries[1].LinkTargetInside));
        Assert.Equal((SecureEntryKind.Link, (bool?)false), (entries[2].Kind, entries[2].LinkTargetInside));
    }
}
