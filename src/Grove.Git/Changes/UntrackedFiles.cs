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
    public static string RenderNewFileDiff(string worktreePath, string gitPath)
    {
        var full = Path.Combine(worktreePath, gitPath);
        var info = new FileInfo(full);
        var text = new StringBuilder();
        var isLink = info.LinkTarget is not null;
        var mode = isLink ? "120000" : IsExecutable(info) ? "100755" : "100644";
        text.Append("diff --git a/").Append(gitPath).Append(" b/").Append(gitPath).Append('\n');
        text.Append("new file mode ").Append(mode).Append('\n');

        string content;
        if (isLink)
        {
            content = info.LinkTarget!;
        }
        else if (!info.Exists || info.Length == 0)
        {
            return text.ToString();
        }
        else if (Stat(worktreePath, gitPath).Binary)
        {
            return text.Append("Binary files /dev/null and b/").Append(gitPath).Append(" differ\n").ToString();
        }
        else
        {
            content = File.ReadAllText(full);
        }

        var endsWithNewline = content.EndsWith('\n');
        var lines = (endsWithNewline ? content[..^1] : content).Split('\n');
        text.Append("--- /dev/null\n+++ b/").Append(gitPath).Append('\n');
        text.Append("@@ -0,0 +1");
        if (lines.Length != 1)
        {
            text.Append(',').Append(lines.Length);
        }

        text.Append(" @@\n");
        foreach (var line in lines)
        {
            text.Append('+').Append(line).Append('\n');
        }

        if (!endsWithNewline)
        {
            text.Append("\\ No newline at end of file\n");
        }

        return text.ToString();
    }

    private static bool IsExecutable(FileInfo info) =>
        !OperatingSystem.IsWindows() && info.Exists && (info.UnixFileMode & UnixFileMode.UserExecute) != 0;
}
