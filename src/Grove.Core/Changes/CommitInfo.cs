namespace Grove.Core.Changes;

/// <summary>One commit of a branch's history.</summary>
public sealed record CommitInfo(string Sha, string ShortSha, string Author, string Email, DateTimeOffset Date, string Subject);

/// <summary>A local or remote branch.</summary>
public sealed record BranchInfo(string Name, bool IsCurrent, bool IsRemote, string? Upstream, string Sha);
