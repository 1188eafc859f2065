using Grove.Core.Domain;
using Grove.Core.Mcp;
using Grove.Core.Paths;
using Grove.Integrations.Mcp;

namespace Grove.Services.Mcp;

/// <summary>
/// The one answer to "which MCP servers does this agent run get", for every agent kind: the
/// enabled, trusted, working servers of its workspace (<see cref="McpServers.ForRunAsync"/>), HTTP
/// ones with their headers and Grove's bearer token (<see cref="IMcpAccessTokens"/>); the servers
/// left out come back with the reason, for a notice in the tab. Each driver renders the list in its
/// own format (<c>AgentStartOptions.McpServers</c>). Secrets a driver must put in a file go into the
/// run's private folder (<see cref="CreateRunFolder"/>, mode 0700, deleted after the run).
/// </summary>
internal sealed class McpRunConfig(McpServers servers, IMcpAccessTokens tokens, GrovePaths paths)
{
    public string Folder => Path.Combine(paths.DataRoot, "mcp-runs");

    public async Task<McpRunPlan> PrepareAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var list = await servers.ForRunAsync(workspace, cancellationToken);
        var included = new List<McpServerDefinition>();
        var leftOut = new List<(string Name, string Reason)>();
        foreach (var server in list.Servers)
        {
            if (server.ExcludedBecause is { } reason)
            {
                if (server.Probe.Status != McpServerStatus.Disabled)
                {
                    leftOut.Add((server.Name, reason));
                }

                continue;
            }

            var definition = server.Definition;
            if (definition.Transport != McpTransport.Stdio)
            {
                var headers = await McpHeaders.ForAsync(definition, new Uri(definition.Url!), tokens, cancellationToken);
                if (headers is null)
                {
                    leftOut.Add((definition.Name, "needs sign-in"));
                    continue;
                }

                definition = definition with { Headers = headers };
            }

            included.Add(definition);
        }

        return new McpRunPlan(included, leftOut);
    }

    /// <summary>A new folder only this user can enter, under <see cref="Folder"/>, for one run's files.</summary>
    public string CreateRunFolder(string tabId)
    {
        var path = Path.Combine(Folder, $"{tabId}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return path;
        }

        const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(Folder, Private);
        Directory.CreateDirectory(path, Private);
        return path;
    }

    /// <summary>Deletes a run's folder and its files (after the process ended); never throws.</summary>
    public static void Delete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>A run's servers (resolved, headers included) and those left out with the reason.</summary>
internal sealed record McpRunPlan(IReadOnlyList<McpServerDefinition> Servers, IReadOnlyList<(string Name, string Reason)> LeftOut)
{
    public IReadOnlyList<string> Included => [.. Servers.Select(s => s.Name)];
}
