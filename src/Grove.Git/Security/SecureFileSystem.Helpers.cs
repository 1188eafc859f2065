using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>Resolution, folder creation and error mapping shared by the operations.</summary>
internal sealed partial class SecureFileSystem
{
    private (string FullPath, string RealRoot) Target(string root, string relativePath, bool follow)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(relativePath);
        PathGuard.EnsureNotGitInternal(relativePath);
        var realRoot = PathGuard.RealRoot(confinement.GetRoot(root).RealPath);
        var full = follow ? PathGuard.Resolve(realRoot, relativePath) : PathGuard.ResolveNoFollow(realRoot, relativePath);

        // The text was clean, but a link inside the root may still lead into .git (e.g. to .git/hooks).
        var resolvedRelative = Path.GetRelativePath(realRoot, full).Replace(Path.DirectorySeparatorChar, '/');
        if (resolvedRelative.Split('/').Any(PathGuard.IsGitDirectorySegment))
        {
            throw new SecurityViolationException($"Path '{PathGuard.Printable(relativePath)}' leads into git's own files (.git).");
        }

        return (full, realRoot);
    }

    /// <summary>Creates missing folders one level at a time, checking after each that no link was slipped in.</summary>
    private static void CreateFoldersInside(string realRoot, string folder, string shown)
    {
        var relative = Path.GetRelativePath(realRoot, folder);
        if (relative == ".")
        {
            return;
        }

        var current = realRoot;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            current = Path.Combine(current, part);
            if (!Directory.Exists(current))
            {
                Directory.CreateDirectory(current);
            }

            if (new DirectoryInfo(current).LinkTarget is not null || !PathGuard.PathEquals(PathGuard.RealPath(current), current))
            {
                throw new SecurityViolationException($"Path '{PathGuard.Printable(shown)}' changed while its folders were being created.");
            }
        }
    }

    private static SecureFileEntry Describe(string realRoot, string relativePath, FileSystemInfo info)
    {
        if (info.LinkTarget is not null)
        {
            bool inside;
            try
            {
                var resolved = PathGuard.Resolve(realRoot, relativePath);
                inside = !Path.GetRelativePath(realRoot, resolved).Split(Path.DirectorySeparatorChar).Any(PathGuard.IsGitDirectorySegment);
            }
            catch (SecurityViolationException)
            {
                inside = false;
            }

            return new SecureFileEntry(info.Name, relativePath, SecureEntryKind.Link, null, inside);
        }

        return info switch
        {
            DirectoryInfo => new SecureFileEntry(info.Name, relativePath, SecureEntryKind.Directory, null, null),
            FileInfo file => new SecureFileEntry(info.Name, relativePath, SecureEntryKind.File, file.Length, null),
            _ => new SecureFileEntry(info.Name, relativePath, SecureEntryKind.Other, null, null),
        };
    }

    private static UnixFileMode? ExistingMode(string target) =>
        OperatingSystem.IsWindows() || !File.Exists(target) ? null : File.GetUnixFileMode(target);

    private static void CopyModeIfReplacing(string target, string temp)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(target))
        {
            return;
        }

        File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private GroveException TooLarge(string relativePath, long length) =>
        new(ErrorKind.InvalidInput, $"File '{PathGuard.Printable(relativePath)}' is {length} bytes, more than the {options.MaxReadBytes}-byte read limit.");

    private static GroveException NotFound(string relativePath) =>
        new(ErrorKind.NotFound, $"'{PathGuard.Printable(relativePath)}' does not exist.");

    /// <summary>Runs an operation and turns raw IO errors into one-line Grove errors; Grove errors pass through.</summary>
    private static async Task<T> Guard<T>(string relativePath, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GroveException(ErrorKind.NotFound, $"'{PathGuard.Printable(relativePath)}' does not exist.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{PathGuard.Printable(relativePath)}' is not accessible.", e);
        }
        catch (IOException e)
        {
            throw new GroveException(ErrorKind.Unexpected, $"'{PathGuard.Printable(relativePath)}' could not be changed: {OneLine(e.Message)}", e);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
