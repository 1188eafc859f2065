namespace Grove.Services.Updates;

/// <summary>
/// Puts a verified new build in place of the running one: the new file was written beside it and
/// flushed; it takes the old one's permissions and replaces it by a rename, so the path always holds
/// a whole file. The old build stays as <c>&lt;file&gt;.old</c> until the next start removes it.
/// </summary>
public static class BinarySwap
{
    public const string OldSuffix = ".old";

    public static void Replace(string target, string newFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        ArgumentException.ThrowIfNullOrEmpty(newFile);
        var old = target + OldSuffix;
        if (OperatingSystem.IsWindows())
        {
            // A running .exe cannot be overwritten but can be renamed.
            File.Move(target, old, overwrite: true);
            File.Move(newFile, target);
            return;
        }

        File.SetUnixFileMode(newFile, File.GetUnixFileMode(target));
        File.Copy(target, old, overwrite: true);
        File.Move(newFile, target, overwrite: true);
    }

    /// <summary>Removes the previous build kept by <see cref="Replace"/> (called at start-up of a single-file install).</summary>
    public static void RemoveLeftover(string? executablePath)
    {
        if (executablePath is null)
        {
            return;
        }

        try
        {
            File.Delete(executablePath + OldSuffix);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Still in use (Windows): the next start tries again.
        }
    }
}
