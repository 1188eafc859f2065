using System.Text;
using Grove.Core.Changes;

namespace Grove.Git.Changes;

/// <summary>
/// Untracked files seen as additions: line counts for the summary and new-file diffs for the
/// unified view, computed here instead of one <c>git diff --no-index</c> process per file.
/// A symbolic link is never followed: its content is its target, as git stores it.
/// </summary>
internal static class UntrackedFiles
{
    private const int BinaryProbeBytes = 8000;

    public static FileDiffStat Stat(string worktreePath, string gitPath)
    {
        var full = Path.Combine(worktreePath, gitPath);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            return new FileDiffStat(gitPath, 1, 0, false, FileChangeKind.Untracked);
        }

        if (!info.Exists)
        {
            return new FileDiffStat(gitPath, 0, 0, false, FileChangeKind.Untracked);
        }

        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
        var buffer = new byte[64 * 1024];
        long lines = 0;
        long total = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            if (total < BinaryProbeBytes && span[..(int)Math.Min(read, BinaryProbeBytes - total)].Contains((byte)0))
            {
                return new FileDiffStat(gitPath, 0, 0, true, FileChangeKind.Untracked);
            }

            lines += span.Count((byte)'\n');
            total += read;
            last = span[^1];
        }

        if (total > 0 && last != (byte)'\n')
        {
            lines++;
        }

        return new FileDiffStat(gitPath, (int)Math.Min(lines, int.MaxValue), 0, false, FileChangeKind.Untracked);
    }

    /// <summary>A <c>diff --git</c> block that shows <paramref name="gitPath"/> as a new file.</summary>
    public static string RenderNewFileDiff(string worktreePath, string gitPath) => RenderNewFileDiff(worktreePath, gitPath, null).Text;

    /// <summary>
    /// The same block, at most <paramref name="maxChars"/> characters of it: of a bigger file only
    /// the start is read (whole lines). <see cref="DiffPreview.Length"/> estimates the whole block.
    /// </summary>
    public static DiffPreview RenderNewFileDiff(string worktreePath, string gitPath, int? maxChars)
    {
        var full = Path.Combine(worktreePath, gitPath);
        var info = new FileInfo(full);
        var text = new StringBuilder();
        var isLink = info.LinkTarget is not null;
        var mode = isLink ? "120000" : IsExecutable(info) ? "100755" : "100644";
        text.Append("diff --git a/").Append(gitPath).Append(" b/").Append(gitPath).Append('\n');
        text.Append("new file mode ").Append(mode).Append('\n');

        string content;
        var truncated = false;
        if (isLink)
        {
            content = info.LinkTarget!;
        }
        else if (!info.Exists || info.Length == 0)
        {
            return Whole(text.ToString());
        }
        else if (Stat(worktreePath, gitPath).Binary)
        {
            return Whole(text.Append("Binary files /dev/null and b/").Append(gitPath).Append(" differ\n").ToString());
        }
        else if (maxChars is { } max && info.Length > max)
        {
            content = ReadStart(full, Math.Max(0, max - text.Length));
            truncated = true;
        }
        else
        {
            content = File.ReadAllText(full);
        }

        var endsWithNewline = content.EndsWith('\n') || truncated;
        var lines = content.Length == 0 ? [] : (content.EndsWith('\n') ? content[..^1] : content).Split('\n');
        text.Append("--- /dev/null\n+++ b/").Append(gitPath).Append('\n');
        text.Append("@@ -0,0 +1");
        if (lines.Length != 1)
        {
            text.Append(',').Append(lines.Length);
        }

        text.Append(" @@\n");
        foreach (var line in lines)
        {
            if (truncated && text.Length + line.Length + 2 > maxChars)
            {
                break; // each line grew by its '+': stop within the limit
            }

            text.Append('+').Append(line).Append('\n');
        }

        if (!endsWithNewline)
        {
            text.Append("\\ No newline at end of file\n");
        }

        return truncated
            ? new DiffPreview(text.ToString(), true, text.Length - content.Length + info.Length)
            : Whole(text.ToString());
    }

    private static DiffPreview Whole(string text) => new(text, false, text.Length);

    /// <summary>The first whole lines of a text file within <paramref name="maxChars"/> characters.</summary>
    private static string ReadStart(string path, int maxChars)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024));
        var buffer = new char[maxChars];
        var read = reader.ReadBlock(buffer, 0, maxChars);
        var end = Array.LastIndexOf(buffer, '\n', Math.Max(0, read - 1));
        return end < 0 ? string.Empty : new string(buffer, 0, end + 1);
    }

    private static bool IsExecutable(FileInfo info) =>
        !OperatingSystem.IsWindows() && info.Exists && (info.UnixFileMode & UnixFileMode.UserExecute) != 0;
}
