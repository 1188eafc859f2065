namespace Grove.Core.Terminals;

/// <summary>A terminal's window size in character cells.</summary>
public readonly record struct TerminalSize(int Columns, int Rows)
{
    public static TerminalSize Default { get; } = new(120, 32);

    /// <summary>Clamped to what a terminal can be (1–1000 columns, 1–500 rows).</summary>
    public TerminalSize Clamped() => new(Math.Clamp(Columns, 1, 1000), Math.Clamp(Rows, 1, 500));
}

/// <summary>A live terminal of a workspace: a shell on a pseudo-terminal in its worktree.</summary>
public sealed record TerminalInfo
{
    public required string Id { get; init; }

    public required string WorkspaceId { get; init; }

    /// <summary>1, 2, 3… per workspace, for a tab title ("Terminal 2").</summary>
    public required int Number { get; init; }

    /// <summary>The shell's path.</summary>
    public required string Shell { get; init; }

    public required int ProcessId { get; init; }

    public required TerminalSize Size { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public string Title => $"Terminal {Number}";
}
