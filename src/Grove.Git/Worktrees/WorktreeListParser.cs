namespace Grove.Git.Worktrees;

/// <summary>
/// Parses <c>git worktree list --porcelain -z</c>: attribute lines end in NUL, entries are
/// separated by an empty field. The first entry is the main worktree.
/// </summary>
internal static class WorktreeListParser
{
    private const string HeadsPrefix = "refs/heads/";

    public static IReadOnlyList<WorktreeEntry> Parse(string output)
    {
        var entries = new List<WorktreeEntry>();
        WorktreeEntry? current = null;
        foreach (var field in output.Split('\0'))
        {
            if (field.Length == 0)
            {
                Flush();
                continue;
            }

            var space = field.IndexOf(' ', StringComparison.Ordinal);
            var key = space < 0 ? field : field[..space];
            var value = space < 0 ? null : field[(space + 1)..];
            if (key == "worktree")
            {
                Flush();
                current = new WorktreeEntry { Path = value ?? "", IsMain = entries.Count == 0 };
                continue;
            }

            if (current is null)
            {
                continue;
            }

            current = key switch
            {
                "HEAD" => current with { Head = value },
                "branch" => current with { Branch = value is not null && value.StartsWith(HeadsPrefix, StringComparison.Ordinal) ? value[HeadsPrefix.Length..] : value },
                "bare" => current with { IsBare = true },
                "detached" => current with { IsDetached = true },
                "locked" => current with { IsLocked = true, LockedReason = value },
                "prunable" => current with { IsPrunable = true, PrunableReason = value },
                _ => current,
            };
        }

        Flush();
        return entries;

        void Flush()
        {
            if (current is not null)
            {
                entries.Add(current);
                current = null;
            }
        }
    }
}
