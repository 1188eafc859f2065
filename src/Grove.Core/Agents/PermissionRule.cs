namespace Grove.Core.Agents;

/// <summary>
/// A saved answer to a permission ask ("allow always" / "deny always"), for every workspace of a
/// project (<see cref="WorkspaceId"/> null) or one workspace. <see cref="RuleContent"/> narrows it
/// (a Bash command prefix such as <c>npm test</c>, a path prefix); null matches any use of the tool.
/// </summary>
public sealed record PermissionRule
{
    public long Id { get; init; }
    public required string ProjectId { get; init; }
    public string? WorkspaceId { get; init; }
    public required string ToolName { get; init; }
    public string? RuleContent { get; init; }
    public bool Allow { get; init; } = true;
    public DateTimeOffset CreatedAt { get; init; }
}
