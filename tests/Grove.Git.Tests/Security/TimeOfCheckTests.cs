using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Tests.Security;

/// <summary>
/// The window between resolving a path and opening it: a component swapped for a link after the
/// check must not be followed, and an opened handle that is not the checked file is refused.
/// </summary>
public sealed class TimeOfCheckTests
{
    [Fact]
    public void OpenRead_OfAFileSwappedForALinkAfterResolving_IsRefused()
    {
        using var s = new SecuritySandbox();
        var resolved = PathGuard.Resolve(s.Root, "report.txt"); // checked while it did not exist / was a plain file
        File.CreateSymbolicLink(resolved, s.InOutside("secret.txt")); // ... then swapped for a link

        Assert.Throws<SecurityViolationException>(() => SecureOpen.OpenRead(resolved, s.Root, "report.txt"));
    }

    [Fact]
    public void VerifyHandle_OfAHandleToAnotherFile_IsRefused()
    {
        using var s = new SecuritySandbox();
        using var stream = File.OpenRead(s.InOutside("secret.txt"));

        Assert.Throws<SecurityViolationException>(() => SecureOpen.VerifyHandle(stream.SafeFileHandle, s.InRoot("inside.txt"), s.Root, "inside.txt"));
    }

    [Fact]
    public void VerifyHandle_OfTheCheckedFile_Passes()
    {
        using var s = new SecuritySandbox();
        using var stream = SecureOpen.OpenRead(s.InRoot("inside.txt"), s.Root, "inside.txt");

        SecureOpen.VerifyHandle(stream.SafeFileHandle, s.InRoot("inside.txt"), s.Root, "inside.txt");
        Assert.Equal(7, stream.Length);
    }

    [Fact]
    public async Task Write_WhenAParentFolderIsALinkCreatedBeforehand_IsRefused_AndNothingLandsOutside()
    {
        using var s = new SecuritySandbox();
        s.Link("generated", s.Outside);

        await Assert.ThrowsAsync<SecurityViolationException>(() =>
            s.Files.WriteAllTextAsync(SecuritySandbox.RootId, "generated/new/file.txt", "x", TestContext.Current.CancellationToken));

        Assert.False(Directory.Exists(s.InOutside("new")));
        Assert.Equal([s.InOutside("secret.txt")], Directory.EnumerateFileSystemEntries(s.Outside));
    }

    [Fact]
    public async Task Write_ToAHardLinkOfAnOutsideFile_ReplacesTheNameAndLeavesTheOutsideFileAlone()
    {
        using var s = new SecuritySandbox();
        using (var ln = System.Diagnostics.Process.Start("ln", [s.InOutside("secret.txt"), s.InRoot("hard.txt")]))
        {
            await ln.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.Equal(0, ln.ExitCode);
        }

        await s.Files.WriteAllTextAsync(SecuritySandbox.RootId, "hard.txt", "overwritten", TestContext.Current.CancellationToken);

        Assert.Equal("overwritten", File.ReadAllText(s.InRoot("hard.txt")));
        Assert.Equal(SecuritySandbox.Secret, File.ReadAllText(s.InOutside("secret.txt")));
    }

    [Fact]
    public async Task AtomicWrite_IntoAFolderSwappedForALinkAfterResolving_IsRefused_AndNothingLandsOutside()
    {
        using var s = new SecuritySandbox();
        var folder = PathGuard.Resolve(s.Root, "out"); // checked while it did not exist...
        File.CreateSymbolicLink(folder, s.Outside); // ... then swapped for a link to the outside
        var ct = TestContext.Current.CancellationToken;

        if (OperatingSystem.IsLinux())
        {
            await Assert.ThrowsAsync<SecurityViolationException>(() =>
                SecureOpen.TryWriteAtomicallyAsync(folder, "secret.txt", "pwned"u8.ToArray(), null, s.Root, "out/secret.txt", ct));
        }
        else
        {
            Assert.False(await SecureOpen.TryWriteAtomicallyAsync(folder, "secret.txt", "pwned"u8.ToArray(), null, s.Root, "out/secret.txt", ct));
        }

        Assert.Equal(SecuritySandbox.Secret, File.ReadAllText(s.InOutside("secret.txt")));
        Assert.Equal([s.InOutside("secret.txt")], Directory.EnumerateFileSystemEntries(s.Outside));
    }

    [Fact]
    public async Task AtomicWrite_IntoTheVerifiedFolder_ReplacesTheFileAndLeavesNoTemp()
    {
        using var s = new SecuritySandbox();
        var ct = TestContext.Current.CancellationToken;

        var native = await SecureOpen.TryWriteAtomicallyAsync(s.Root, "inside.txt", "replaced"u8.ToArray(), null, s.Root, "inside.txt", ct);

        Assert.Equal(OperatingSystem.IsLinux(), native);
        if (native)
        {
            Assert.Equal("replaced", File.ReadAllText(s.InRoot("inside.txt")));
            Assert.Equal([s.InRoot("inside.txt")], Directory.EnumerateFileSystemEntries(s.Root));
        }
    }
}
