using System.Globalization;
using System.Text;
using Grove.Core.Domain;
using Grove.Data.Stores;

namespace Grove.Services.Workspaces;

internal sealed class WorkspaceEnvironment(IProjectStore projects, IWorkspacePorts ports) : IWorkspaceEnvironment
{
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var project = await projects.GetAsync(workspace.ProjectId, cancellationToken);
        var range = await ports.EnsureAsync(workspace, cancellationToken);
        var projectPath = project?.Path ?? workspace.WorktreePath;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GROVE_WORKSPACE"] = workspace.Name,
            ["GROVE_WORKSPACE_NAME"] = workspace.Name,
            ["GROVE_PORT"] = range.First.ToString(CultureInfo.InvariantCulture),
            ["GROVE_PORT_RANGE"] = range.ToString(),
            ["COMPOSE_PROJECT_NAME"] = ComposeName(project?.Name, workspace.Name),
            ["ROOT_WORKTREE_PATH"] = projectPath,
            ["GROVE_PROJECT_PATH"] = projectPath,
            ["GROVE_WORKTREE_PATH"] = workspace.WorktreePath,
            ["GROVE_BRANCH"] = workspace.Branch ?? string.Empty,
        };
    }

    /// <summary>
    /// A docker compose project name: lowercase letters, digits, '-' and '_', starting with a letter
    /// or digit: <c>&lt;project&gt;-&lt;workspace&gt;</c>.
    /// </summary>
    internal static string ComposeName(string? project, string workspace)
    {
        var builder = new StringBuilder();
        foreach (var c in $"{project}-{workspace}".ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' ? c : '-');
        }

        var name = builder.ToString().Trim('-', '_');
        while (name.Contains("--", StringComparison.Ordinal))
        {
            name = name.Replace("--", "-", StringComparison.Ordinal);
        }

        return name.Length == 0 ? "grove" : name;
    }
}
