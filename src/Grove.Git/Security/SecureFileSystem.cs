using System.Text;
using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>
/// <see cref="ISecureFileSystem"/> over the real filesystem. Each call resolves its path through
/// <see cref="PathGuard"/> immediately before acting, refuses <c>.git</c> both in the text and in
/// the resolved real path (a link inside the root may point at <c>.git/hooks</c>), opens reads
/// with no-follow and verifies the opened handle, and writes through a temp file in the same
/// folder that is renamed over the target (rename replaces a link, never writes through it).
/// </summary>
internal sealed partial class SecureFileSystem(IPathConfinement confinement, SecureFileSystemOptions options) : ISecureFileSystem
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public async Task<string> ReadAllTextAsync(string root, string relativePath, CancellationToken cancellationToken = default)
    {
        var bytes = await ReadAllBytesAsync(root, relativePath, cancellationToken);
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        return Utf8NoBom.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith(bom) ? bom.Length : 0));
    }

    public async Task<byte[]> ReadAllBytesAsync(string root, string relativePath, CancellationToken cancellationToken = default)
    {
        var target = Target(root, relativePath, follow: true);
        if (Directory.Exists(target.FullPath))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{PathGuard.Printable(relativePath)}' is a folder, not a file.");
        }

        return await Guard(relativePath, async () =>
        {
            await using var stream = SecureOpen.OpenRead(target.FullPath, target.RealRoot, relativePath);
            var length = stream.Length;
            if (length > options.MaxReadBytes)
            {
                throw TooLarge(relativePath, length);
            }

            // Read at most one byte past the cap: a file growing after the length check is still refused.
            var buffer = new byte[Math.Min(length, options.MaxReadBytes) + 1];
            var total = 0;
            while (total < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > options.MaxReadBytes)
                {
                    throw TooLarge(relativePath, total);
                }
            }

            return buffer.AsSpan(0, total).ToArray();
        });
    }

    public Task WriteAllTextAsync(string root, string relativePath, string contents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contents);
        return WriteAllBytesAsync(root, relativePath, Utf8NoBom.GetBytes(contents), cancellationToken);
    }

    public async Task WriteAllBytesAsync(string root, string relativePath, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default)
    {
        var target = Target(root, relativePath, follow: true);
        if (Directory.Exists(target.FullPath))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{PathGuard.Printable(relativePath)}' is a folder, not a file.");
        }

        await Guard(relativePath, async () =>
        {
            var folder = Path.GetDirectoryName(target.FullPath)!;
            CreateFoldersInside(target.RealRoot, folder, relativePath);
            if (await SecureOpen.TryWriteAtomicallyAsync(
                folder, Path.GetFileName(target.FullPath), contents, ExistingMode(target.FullPath), target.RealRoot, relativePath, cancellationToken))
            {
                return true;
            }

            var temp = Path.Combine(folder, $".grove-write-{Guid.NewGuid():N}.tmp");
            try
            {
                await using (var stream = new FileStream(temp, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, // O_EXCL: never opens an existing file or link
                    Access = FileAccess.Write,
                    Share = FileShare.None,
                    Options = FileOptions.Asynchronous,
                }))
                {
                    SecureOpen.VerifyHandle(stream.SafeFileHandle, temp, target.RealRoot, relativePath);
                    await stream.WriteAsync(contents, cancellationToken);
                    await stream.FlushAsync(cancellationToken);
                    stream.Flush(flushToDisk: true);
                }

                CopyModeIfReplacing(target.FullPath, temp);

                // Re-resolve right before the rename: the target must still be where it was.
                var again = Target(root, relativePath, follow: true);
                if (!PathGuard.PathEquals(again.FullPath, target.FullPath))
                {
                    throw new SecurityViolationException($"Path '{PathGuard.Printable(relativePath)}' changed while it was being written.");
                }

                File.Move(temp, target.FullPath, overwrite: true);
            }
            finally
            {
                TryDelete(temp);
            }

            return true;
        });
    }

    public Task DeleteAsync(string root, string relativePath, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = Target(root, relativePath, follow: false);
        return Guard(relativePath, () =>
        {
            var info = new FileInfo(target.FullPath);
            if (info.LinkTarget is not null || info.Exists)
            {
                File.Delete(target.FullPath);
            }
            else if (Directory.Exists(target.FullPath))
            {
                // .NET removes links found inside the folder without following them.
                Directory.Delete(target.FullPath, recursive: true);
            }
            else
            {
                throw NotFound(relativePath);
            }

            return Task.FromResult(true);
        });
    }

    public Task RenameAsync(string root, string fromPath, string toPath, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var from = Target(root, fromPath, follow: false);
        var to = Target(root, toPath, follow: false);
        return Guard(fromPath, () =>
        {
            var fromInfo = new FileInfo(from.FullPath);
            var isFileOrLink = fromInfo.LinkTarget is not null || fromInfo.Exists;
            if (!isFileOrLink && !Directory.Exists(from.FullPath))
            {
                throw NotFound(fromPath);
            }

            var toInfo = new FileInfo(to.FullPath);
            if (toInfo.LinkTarget is not null || toInfo.Exists || Directory.Exists(to.FullPath))
            {
                throw new GroveException(ErrorKind.AlreadyExists, $"'{PathGuard.Printable(toPath)}' already exists.");
            }

            var toFolder = Path.GetDirectoryName(to.FullPath)!;
            if (!isFileOrLink && (PathGuard.PathEquals(toFolder, from.FullPath) || PathGuard.IsInside(from.FullPath, toFolder)))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{PathGuard.Printable(fromPath)}' cannot be moved into itself.");
            }

            CreateFoldersInside(to.RealRoot, toFolder, toPath);
            if (isFileOrLink)
            {
                File.Move(from.FullPath, to.FullPath, overwrite: false);
            }
            else
            {
                Directory.Move(from.FullPath, to.FullPath);
            }

            return Task.FromResult(true);
        });
    }

    public Task<IReadOnlyList<SecureFileEntry>> ListAsync(string root, string relativeFolder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(relativeFolder);
        var isRoot = relativeFolder.Trim('/') is "" or ".";
        var rootEntry = confinement.GetRoot(root);
        var realRoot = PathGuard.RealRoot(rootEntry.RealPath);
        var folder = isRoot ? (FullPath: realRoot, RealRoot: realRoot) : Target(root, relativeFolder, follow: true);
        var prefix = isRoot ? "" : Path.GetRelativePath(realRoot, folder.FullPath).Replace(Path.DirectorySeparatorChar, '/') + "/";
        return Guard(relativeFolder, () =>
        {
            if (!Directory.Exists(folder.FullPath))
            {
                throw File.Exists(folder.FullPath)
                    ? new GroveException(ErrorKind.InvalidInput, $"'{PathGuard.Printable(relativeFolder)}' is a file, not a folder.")
                    : NotFound(relativeFolder);
            }

            var entries = new List<SecureFileEntry>();
            foreach (var info in new DirectoryInfo(folder.FullPath).EnumerateFileSystemInfos())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (PathGuard.IsGitDirectorySegment(info.Name))
                {
                    continue;
                }

                entries.Add(Describe(realRoot, prefix + info.Name, info));
            }

            entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return Task.FromResult<IReadOnlyList<SecureFileEntry>>(entries);
        });
    }

    public Task<bool> ExistsAsync(string root, string relativePath, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = Target(root, relativePath, follow: true);
        return Task.FromResult(File.Exists(target.FullPath) || Directory.Exists(target.FullPath));
    }
}
