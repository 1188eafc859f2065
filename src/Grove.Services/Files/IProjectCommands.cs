namespace Grove.Services.Files;

/// <summary>A custom slash command of the project: <c>.claude/commands/&lt;name&gt;.md</c> in the worktree.</summary>
/// <param name="Name">The command without its slash (<c>review</c> for <c>/review</c>).</param>
/// <param name="Description">The front matter's <c>description</c>, else the file's first line.</param>
/// <param name="ArgumentHint">The front matter's <c>argument-hint</c>, when given.</param>
/// <param name="Path">The file, relative to the worktree.</param>
public sealed record ProjectCommand(string Name, string Description, string? ArgumentHint, string Path);

/// <summary>
/// The project's custom Claude Code commands, read from the workspace's worktree (confined to it).
/// Sending <c>/name args</c> passes the text to the agent, which expands the command itself.
/// </summary>
public interface IProjectCommands
{
    Task<IReadOnlyList<ProjectCommand>> ListAsync(string workspace, CancellationToken cancellationToken = default);
}
