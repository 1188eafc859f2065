using Grove.Core.Errors;
using Grove.Git.Security;
using Grove.Services.Workspaces;

namespace Grove.Services.Files;

internal sealed class ProjectCommands(IWorkspaceService workspaces) : IProjectCommands
{
    public const string Folder = ".claude/commands";

    /// <summary>Most commands listed, folders searched below <see cref="Folder"/>, bytes read per file.</summary>
    private const int MaxCommands = 200;
    private const int MaxDepth = 3;
    private const long MaxFileBytes = 256 * 1024;

    public async Task<IReadOnlyList<ProjectCommand>> ListAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var resolved = await workspaces.ResolveAsync(workspace, cancellationToken);
        if (!Directory.Exists(resolved.WorktreePath))
        {
            return [];
        }

        var confinement = new ConfinementRoots();
        var root = confinement.Register(resolved.Id, resolved.WorktreePath);
        var files = SecureFileSystemFactory.Create(confinement, new SecureFileSystemOptions { MaxReadBytes = MaxFileBytes });
        var commands = new List<ProjectCommand>();
        await CollectAsync(files, root.Id, Folder, 0, commands, cancellationToken);
        return [.. commands
            .GroupBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)];
    }

    private static async Task CollectAsync(ISecureFileSystem files, string root, string folder, int depth, List<ProjectCommand> commands, CancellationToken cancellationToken)
    {
        IReadOnlyList<SecureFileEntry> entries;
        try
        {
            entries = await files.ListAsync(root, folder, cancellationToken);
        }
        catch (GroveException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidInput or ErrorKind.SecurityViolation)
        {
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (commands.Count >= MaxCommands)
            {
                return;
            }

            var isFile = entry.Kind == SecureEntryKind.File || (entry.Kind == SecureEntryKind.Link && entry.LinkTargetInside == true);
            if (entry.Kind == SecureEntryKind.Directory && depth < MaxDepth)
            {
                await CollectAsync(files, root, entry.RelativePath, depth + 1, commands, cancellationToken);
            }
            else if (isFile && entry.Name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && entry.Name.Length > 3)
            {
                string text;
                try
                {
                    text = await files.ReadAllTextAsync(root, entry.RelativePath, cancellationToken);
                }
                catch (GroveException)
                {
                    continue; // too large, a folder behind a link, gone meanwhile: leave it out
                }

                var name = entry.Name[..^3];
                if (IsCommandName(name))
                {
                    var (description, hint) = Describe(text);
                    var namespaced = depth > 0 ? $"{description} (project:{Path.GetFileName(folder)})" : description;
                    commands.Add(new ProjectCommand(name, namespaced, hint, entry.RelativePath));
                }
            }
        }
    }

    /// <summary>Claude Code's command names: letters, digits, '-', '_', ':' and '.'.</summary>
    private static bool IsCommandName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.');

    /// <summary>The description (front matter, else the first non-empty line) and argument hint of a command file.</summary>
    internal static (string Description, string? ArgumentHint) Describe(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        string? description = null;
        string? hint = null;
        var body = 0;
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            for (var i = 1; i < lines.Length; i++)
            {
                if (lines[i].Trim() == "---")
                {
                    body = i + 1;
                    break;
                }

                var colon = lines[i].IndexOf(':');
                if (colon > 0)
                {
                    var key = lines[i][..colon].Trim();
                    var value = lines[i][(colon + 1)..].Trim().Trim('"', '\'');
                    if (key.Equals("description", StringComparison.OrdinalIgnoreCase))
                    {
                        description = value;
                    }
                    else if (key.Equals("argument-hint", StringComparison.OrdinalIgnoreCase))
                    {
                        hint = value;
                    }
                }
            }
        }

        if (string.IsNullOrWhiteSpace(description))
        {
            description = lines.Skip(body).Select(l => l.Trim().TrimStart('#').Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        }

        return (description.Length > 160 ? description[..159] + "…" : description, string.IsNullOrWhiteSpace(hint) ? null : hint);
    }
}
