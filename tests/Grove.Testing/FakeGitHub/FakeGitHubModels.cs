namespace Grove.Testing.FakeGitHub;

/// <summary>A pull request the fake server holds. Tests may change it (e.g. <see cref="Mergeable"/>) between calls.</summary>
public sealed class FakePullRequest
{
    public required int Number { get; init; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public required string Head { get; init; }
    public required string HeadSha { get; set; }
    public required string Base { get; init; }
    public bool Draft { get; set; }
    public string State { get; set; } = "open";
    public bool Merged { get; set; }
    public bool? Mergeable { get; set; } = true;
    public string MergeableState { get; set; } = "clean";
    public string? MergeMethod { get; set; }
}

/// <summary>A check run on a commit; <see cref="Conclusion"/> null means still running.</summary>
public sealed record FakeCheckRun(string Name, string? Conclusion, string? Title = null, string? Summary = null, string? Text = null);

/// <summary>A commit status (the older statuses API): success, failure, error or pending.</summary>
public sealed record FakeCommitStatus(string Context, string State, string? Description = null);

/// <summary>A review comment on a diff line; a reply names its comment's id (1-based, in the order added). <see cref="Resolved"/> of a thread's first comment resolves the thread (GraphQL).</summary>
public sealed record FakeReviewComment(string Path, int Line, string Author, string Body, long? InReplyTo = null, bool Resolved = false);

/// <summary>One request the fake received, and the status it answered.</summary>
public sealed record FakeGitHubRequest(string Method, string Path, string Query, string? IfNoneMatch, string? Authorization, string Body, int Status);
