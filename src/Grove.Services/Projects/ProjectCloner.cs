using Grove.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git;
using Grove.Git.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Projects;

internal sealed class ProjectCloner(
    IProjectService projects,
    IProjectStore store,
    ISettingsStore settings,
    IGitRunner git,
    AgentHostEnvironment host,
    ILogger<ProjectCloner> logger) : IProjectCloner
{
    /// <summary>Only these transports, also for redirects and anything git starts on its own.</summary>
    private static readonly Dictionary<string, string> CloneEnvironment = new(StringComparer.Ordinal)
    {
        ["GIT_ALLOW_PROTOCOL"] = "https:ssh:file",
    };

    public async Task<Project> CloneAsync(CloneRequest request, Action<string>? onProgress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var apiUrl = host.Get("GROVE_GITHUB_API_URL") ?? await settings.GetAsync(SettingKeys.GitHubApiUrl, cancellationToken);
        var source = CloneSource.Parse(request.Source, CloneSource.HostFor(apiUrl));
        var target = await TargetFolderAsync(request.Path, source, cancellationToken);
        if (request.Name is not null)
        {
            var name = Names.ValidateProjectName(request.Name);
            if (await store.FindByNameAsync(name, cancellationToken) is not null)
            {
                throw new GroveException(ErrorKind.AlreadyExists, $"A project named '{name}' already exists.");
            }
        }

        var existed = Directory.Exists(target);
        if (File.Exists(target) || (existed && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            throw new GroveException(ErrorKind.AlreadyExists, $"'{target}' already exists and is not empty; pick another folder with --path.");
        }

        var createdRoot = FirstMissingAncestor(target);
        var parent = Path.GetDirectoryName(target)!;
        try
        {
            Directory.CreateDirectory(parent);
            onProgress?.Invoke($"Cloning {source.Url} into {target}");
            logger.LogInformation("Cloning {Url} into {Target}", source.Url, target);
            var command = GitCommand.Create("clone").Flag("--progress").Paths(source.Url, target);
            await git.RunAsync(
                parent,
                command,
                new GitRunOptions { Timeout = TimeSpan.FromHours(6), OnProgress = onProgress, Environment = CloneEnvironment },
                cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            return await projects.AddAsync(target, request.Name, cancellationToken);
        }
        catch
        {
            RemoveClone(target, existed, createdRoot);
            throw;
        }
    }

    public async Task<string> DefaultTargetAsync(string source, CancellationToken cancellationToken = default)
    {
        var apiUrl = host.Get("GROVE_GITHUB_API_URL") ?? await settings.GetAsync(SettingKeys.GitHubApiUrl, cancellationToken);
        return await TargetFolderAsync(null, CloneSource.Parse(source, CloneSource.HostFor(apiUrl)), cancellationToken);
    }

    public async Task<string> RootAsync(CancellationToken cancellationToken = default) =>
        Expand(await settings.GetAsync(SettingKeys.ProjectsRoot, cancellationToken) ?? "~/code");

    private async Task<string> TargetFolderAsync(string? path, CloneSource source, CancellationToken cancellationToken)
    {
        var target = string.IsNullOrWhiteSpace(path)
            ? Path.Combine(await RootAsync(cancellationToken), source.RepositoryName)
            : Expand(path);
        target = Path.TrimEndingDirectorySeparator(target);
        return Path.GetDirectoryName(target) is null
            ? throw new GroveException(ErrorKind.InvalidInput, $"Can't clone into '{target}'; pick a folder with --path.")
            : target;
    }

    /// <summary>An absolute path; <c>~</c> and <c>~/…</c> are under the user's home.</summary>
    private string Expand(string path) => path.Trim() switch
    {
        "~" => host.HomeDirectory,
        var p when p.StartsWith("~/", StringComparison.Ordinal) => Path.GetFullPath(Path.Combine(host.HomeDirectory, p[2..])),
        var p => Path.GetFullPath(p),
    };

    /// <summary>The outermost folder on the way to <paramref name="target"/> that does not exist yet (null when the target's parent exists).</summary>
    private static string? FirstMissingAncestor(string target)
    {
        string? missing = null;
        for (var folder = target; folder is not null && !Directory.Exists(folder); folder = Path.GetDirectoryName(folder))
        {
            missing = folder;
        }

        return missing;
    }

    /// <summary>Leaves the disk as it was: the clone's files gone, and every folder Grove made for it.</summary>
    private void RemoveClone(string target, bool existed, string? createdRoot)
    {
        try
        {
            if (existed)
            {
                foreach (var entry in new DirectoryInfo(target).EnumerateFileSystemInfos())
                {
                    Delete(entry);
                }
            }
            else if (createdRoot is not null && Directory.Exists(createdRoot))
            {
                Delete(new DirectoryInfo(createdRoot));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not remove the failed clone at {Target}: {Error}", target, ex.Message);
        }
    }

    private static void Delete(FileSystemInfo entry)
    {
        if (entry is DirectoryInfo directory && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
        {
            foreach (var child in directory.EnumerateFileSystemInfos())
            {
                Delete(child);
            }
        }

        entry.Attributes = FileAttributes.Normal;
        entry.Delete();
    }
}
