using Grove.Core.Domain;

namespace Grove.Data.Stores;

// Conventions for every store:
// - Add/Update fill CreatedAt/UpdatedAt left at default with the injected TimeProvider's now;
//   timestamps round-trip exactly (stored as ISO-8601 UTC text, 7 fractional digits).
// - Update of a missing row throws GroveException(NotFound); a duplicate throws AlreadyExists;
//   a missing parent (project, workspace, tab) throws NotFound. Get/Find of a missing row is null.
// - Names (project, workspace-in-project) are unique ignoring ASCII case; paths compare exactly.

/// <summary>Projects: folders registered with Grove. Path is unique.</summary>
public interface IProjectStore
{
    /// <summary>Inserts a project. Throws <see cref="Core.Errors.GroveException"/> AlreadyExists on a duplicate path or name.</summary>
    Task AddAsync(Project project, CancellationToken cancellationToken = default);

    Task<Project?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<Project?> FindByPathAsync(string path, CancellationToken cancellationToken = default);

    Task<Project?> FindByNameAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Project>> ListAsync(CancellationToken cancellationToken = default);

    Task UpdateAsync(Project project, CancellationToken cancellationToken = default);

    /// <summary>Deletes the project and (cascade) its workspaces, tabs and transcripts. False if absent.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>Workspaces. Name is unique per project.</summary>
public interface IWorkspaceStore
{
    Task AddAsync(Workspace workspace, CancellationToken cancellationToken = default);

    Task<Workspace?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<Workspace?> FindByNameAsync(string projectId, string name, CancellationToken cancellationToken = default);

    /// <summary>All workspaces, or one project's; archived ones only when asked.</summary>
    Task<IReadOnlyList<Workspace>> ListAsync(string? projectId = null, bool includeArchived = false, CancellationToken cancellationToken = default);

    Task UpdateAsync(Workspace workspace, CancellationToken cancellationToken = default);

    /// <summary>Records (or, with null, forgets) the workspace's pull request; touches only the pr_* columns.</summary>
    Task SetPullRequestAsync(string id, WorkspacePullRequest? pullRequest, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>A workspace's pull request as stored: number, url, state (open/draft/closed/merged), head commit, when checked, and its checks' counts (null: not known).</summary>
public sealed record WorkspacePullRequest(int Number, string Url, string State, string? HeadSha, DateTimeOffset CheckedAt, PullRequestChecksCount? Checks = null);

/// <summary>Agent tabs inside workspaces.</summary>
public interface IAgentTabStore
{
    Task AddAsync(AgentTab tab, CancellationToken cancellationToken = default);

    Task<AgentTab?> GetAsync(string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<AgentTab>> ListAsync(string workspaceId, CancellationToken cancellationToken = default);

    Task UpdateAsync(AgentTab tab, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}

/// <summary>
/// The append-only transcript. Events are never rewritten: <see cref="AppendAsync"/> assigns the
/// next sequence number of the tab inside one short transaction and returns the stored event.
/// </summary>
public interface ITranscriptStore
{
    /// <summary>Appends one event; its Sequence is ignored and assigned (last + 1).</summary>
    Task<TranscriptEvent> AppendAsync(TranscriptEvent transcriptEvent, CancellationToken cancellationToken = default);

    /// <summary>Appends several events in one transaction, in order.</summary>
    Task<IReadOnlyList<TranscriptEvent>> AppendManyAsync(IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> and, in the same transaction, drops the tab's partial
    /// checkpoints (kind <c>partial</c>) with the given sequences, which the new rows supersede. The
    /// new rows are numbered after the dropped ones, so a sequence is never reused.
    /// </summary>
    Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
        string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default);

    /// <summary>
    /// What <see cref="AppendSupersedingAsync"/> does, for several tabs in one transaction (all or
    /// nothing); the stored rows come back per tab, in the order given. A store that cannot do that
    /// (a test or bench double) appends tab by tab.
    /// </summary>
    async Task<IReadOnlyList<IReadOnlyList<TranscriptEvent>>> AppendTabsAsync(IReadOnlyList<TranscriptAppend> appends, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appends);
        var stored = new IReadOnlyList<TranscriptEvent>[appends.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            stored[i] = await AppendSupersedingAsync(appends[i].TabId, appends[i].Events, appends[i].SupersededPartials, cancellationToken);
        }

        return stored;
    }

    /// <summary>Events of a tab with Sequence &gt; <paramref name="afterSequence"/>, ascending.</summary>
    Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tabId, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default);

    /// <summary>The tab's last sequence (0 when empty); superseded partial checkpoints leave gaps, so it may exceed the number of rows.</summary>
    Task<long> CountAsync(string tabId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Full-text search (FTS5) over event text across all tabs, best match first. Every term the
    /// user typed must match; FTS syntax in the query is treated as text. Matches in the snippet
    /// are wrapped in <see cref="TranscriptSnippet.HighlightStart"/>/<see cref="TranscriptSnippet.HighlightEnd"/>.
    /// </summary>
    Task<IReadOnlyList<TranscriptSearchHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default);
}

/// <summary>One tab's part of <see cref="ITranscriptStore.AppendTabsAsync"/>: its new rows, and its partial checkpoints they supersede.</summary>
public sealed record TranscriptAppend(string TabId, IReadOnlyList<TranscriptEvent> Events, IReadOnlyCollection<long> SupersededPartials);

/// <summary>Key/value settings (plain text, not secret).</summary>
public interface ISettingsStore
{
    Task<string?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the value; null deletes the key.</summary>
    Task SetAsync(string key, string? value, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Secrets, stored only as ciphertext produced by an <see cref="Core.Security.ISecretProtector"/>.
/// Plain values never reach the database.
/// </summary>
public interface ICredentialStore
{
    Task SetAsync(string name, string secret, CancellationToken cancellationToken = default);

    /// <summary>The decrypted secret, or null when absent.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Names only, sorted; nothing is decrypted.</summary>
    Task<IReadOnlyList<string>> ListNamesAsync(CancellationToken cancellationToken = default);
}

/// <summary>Saved permission answers ("allow always").</summary>
public interface IPermissionRuleStore
{
    /// <summary>Stores a rule and returns it with its id.</summary>
    Task<Core.Agents.PermissionRule> AddAsync(Core.Agents.PermissionRule rule, CancellationToken cancellationToken = default);

    /// <summary>The project's rules plus, when given, the workspace's own, oldest first.</summary>
    Task<IReadOnlyList<Core.Agents.PermissionRule>> ListAsync(string projectId, string? workspaceId, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default);
}

/// <summary>
/// A sign-in to an OAuth-protected MCP server (keyed by its normalized URL): the tokens, the client
/// registration that got them, and what a refresh needs (token endpoint, resource, redirect URI).
/// </summary>
public sealed record McpOAuthRecord(
    string ServerUrl,
    bool NeedsSignIn,
    string AccessToken,
    string? RefreshToken,
    DateTimeOffset? ExpiresAt,
    string? Scopes,
    string ClientId,
    string? ClientSecret,
    string RedirectUri,
    string TokenEndpoint,
    string Resource);

/// <summary>OAuth sign-ins to MCP servers; tokens and client secrets stored only as ciphertext.</summary>
public interface IMcpOAuthStore
{
    /// <summary>Inserts or replaces the record for <see cref="McpOAuthRecord.ServerUrl"/>.</summary>
    Task SaveAsync(McpOAuthRecord record, CancellationToken cancellationToken = default);

    /// <summary>The decrypted record, or null when Grove never signed in (or signed out).</summary>
    Task<McpOAuthRecord?> GetAsync(string serverUrl, CancellationToken cancellationToken = default);

    /// <summary>Keeps the record but marks it "needs sign-in" (a refused refresh); false when absent.</summary>
    Task<bool> MarkNeedsSignInAsync(string serverUrl, CancellationToken cancellationToken = default);

    /// <summary>Deletes tokens and registration (sign-out); false when absent.</summary>
    Task<bool> DeleteAsync(string serverUrl, CancellationToken cancellationToken = default);
}

/// <summary>Each workspace's allocated port range (one row per workspace; first ports unique).</summary>
public interface IWorkspacePortStore
{
    Task<Core.Workspaces.PortRange?> GetAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Every allocated range, lowest first.</summary>
    Task<IReadOnlyList<Core.Workspaces.PortRange>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the range for the workspace; false when that first port (or the workspace) already has one.</summary>
    Task<bool> TryAddAsync(string workspaceId, Core.Workspaces.PortRange range, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string workspaceId, CancellationToken cancellationToken = default);
}
