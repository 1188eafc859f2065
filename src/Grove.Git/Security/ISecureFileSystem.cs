namespace Grove.Git.Security;

/// <summary>Limits for <see cref="ISecureFileSystem"/>.</summary>
public sealed record SecureFileSystemOptions
{
    /// <summary>Largest file a read returns (default 16 MiB); bigger files are refused with a clear error.</summary>
    public long MaxReadBytes { get; init; } = 16L * 1024 * 1024;
}

/// <summary>What a listed entry is. Links are reported as links and never followed by a listing.</summary>
public enum SecureEntryKind
{
    File,
    Directory,
    Link,
    Other,
}

/// <summary>One entry of <see cref="ISecureFileSystem.ListAsync"/>.</summary>
/// <param name="Name">The entry's own name.</param>
/// <param name="RelativePath">The path relative to the root, '/' separated.</param>
/// <param name="Kind">File, folder, link or something else (a FIFO, a socket).</param>
/// <param name="Length">Size in bytes for files, else null.</param>
/// <param name="LinkTargetInside">For links: true when the link resolves inside the root; null otherwise.</param>
public sealed record SecureFileEntry(string Name, string RelativePath, SecureEntryKind Kind, long? Length, bool? LinkTargetInside);

/// <summary>
/// File access for requests from a user, the UI or an agent, confined to registered roots
/// (<see cref="IPathConfinement"/>). Every path is relative to the root and goes through
/// <see cref="PathGuard"/>; git's own files (<c>.git</c> anywhere) are out of reach. Refusals throw
/// <see cref="Core.Errors.SecurityViolationException"/>; a missing file is a
/// <see cref="Core.Errors.GroveException"/> with <see cref="Core.Errors.ErrorKind.NotFound"/>.
/// </summary>
public interface ISecureFileSystem
{
    /// <summary>Reads a UTF-8 text file (size capped).</summary>
    Task<string> ReadAllTextAsync(string root, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Reads a file (size capped).</summary>
    Task<byte[]> ReadAllBytesAsync(string root, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Writes UTF-8 text atomically (temp file beside it, then rename); creates parent folders inside the root.</summary>
    Task WriteAllTextAsync(string root, string relativePath, string contents, CancellationToken cancellationToken = default);

    /// <summary>Writes bytes atomically (temp file beside it, then rename); creates parent folders inside the root.</summary>
    Task WriteAllBytesAsync(string root, string relativePath, ReadOnlyMemory<byte> contents, CancellationToken cancellationToken = default);

    /// <summary>Deletes a file, a link (not its target) or a folder with its contents. Never the root.</summary>
    Task DeleteAsync(string root, string relativePath, CancellationToken cancellationToken = default);

    /// <summary>Moves a file, link or folder within the root; the destination must not exist.</summary>
    Task RenameAsync(string root, string fromPath, string toPath, CancellationToken cancellationToken = default);

    /// <summary>Lists a folder ("" or "." for the root). Links are reported, not followed; <c>.git</c> is hidden.</summary>
    Task<IReadOnlyList<SecureFileEntry>> ListAsync(string root, string relativeFolder, CancellationToken cancellationToken = default);

    /// <summary>True when the path exists (following links inside the root).</summary>
    Task<bool> ExistsAsync(string root, string relativePath, CancellationToken cancellationToken = default);
}

/// <summary>Creates the <see cref="ISecureFileSystem"/> (for the composition root).</summary>
public static class SecureFileSystemFactory
{
    public static ISecureFileSystem Create(IPathConfinement confinement, SecureFileSystemOptions? options = null) =>
        new SecureFileSystem(confinement, options ?? new SecureFileSystemOptions());
}
