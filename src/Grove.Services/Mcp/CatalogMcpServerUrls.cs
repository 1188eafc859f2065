using Grove.Core.Errors;
using Grove.Core.Mcp;

namespace Grove.Services.Mcp;

/// <summary>
/// <see cref="IMcpServerUrls"/> over the MCP catalog: a name is looked up among the servers
/// <see cref="IMcpServers"/> shows for the project (its precedence, its <c>${VAR}</c> expansion, its
/// worktree-to-project mapping), or among the user's servers when the folder is no Grove project.
/// </summary>
internal sealed class CatalogMcpServerUrls(IMcpServers servers) : IMcpServerUrls
{
    public async Task<Uri> ResolveAsync(string nameOrUrl, string? projectFolder, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrUrl);
        if (McpServerUrl.IsUrl(nameOrUrl))
        {
            return McpServerUrl.Normalize(nameOrUrl);
        }

        var list = await ListAsync(projectFolder, cancellationToken);
        var server = list.Servers.FirstOrDefault(s => string.Equals(s.Definition.Name, nameOrUrl, StringComparison.Ordinal))
            ?? throw new GroveException(ErrorKind.NotFound, $"No MCP server named '{nameOrUrl}' in ~/.claude.json{(list.ProjectName is null ? string.Empty : $" or project '{list.ProjectName}'")}; give its URL instead.");
        return server.Definition.Url is { Length: > 0 } url
            ? McpServerUrl.Normalize(url)
            : throw new GroveException(ErrorKind.InvalidInput, $"MCP server '{nameOrUrl}' ({server.Origin.File}) has no url; only HTTP servers sign in.");
    }

    private async Task<McpServerList> ListAsync(string? projectFolder, CancellationToken cancellationToken)
    {
        if (projectFolder is not null)
        {
            try
            {
                return await servers.ListAsync(projectFolder, null, probe: false, cancellationToken);
            }
            catch (GroveException e) when (e.Kind == ErrorKind.NotFound)
            {
                // Not a Grove project (e.g. the current folder): the user's own servers still apply.
            }
        }

        return await servers.ListAsync(null, null, probe: false, cancellationToken);
    }
}
