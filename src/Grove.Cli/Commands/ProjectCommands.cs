using System.CommandLine;
using Grove.Core.Domain;
using Grove.Services.Projects;

namespace Grove.Cli.Commands;

internal static class ProjectCommands
{
    public static Command Build(CliContext context)
    {
        var project = new Command("project", "Register folders (git repositories or plain folders) as projects");

        var path = new Argument<string>("path") { Description = "The folder to add", DefaultValueFactory = _ => "." };
        var name = new Option<string?>("--name") { Description = "Name to use instead of the folder's name" };
        var add = new Command("add", "Add a folder as a project") { path, name };
        add.SetAction(async (parse, ct) =>
        {
            var service = await context.GetAsync<IProjectService>(ct);
            var added = await service.AddAsync(parse.GetValue(path)!, parse.GetValue(name), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, added);
            }
            else
            {
                context.Out.WriteLine($"Added project '{added.Name}' ({added.Path})");
                context.Out.WriteLine(added.IsGitRepo
                    ? $"  git: default branch {added.DefaultBranch ?? "-"}, origin {added.GitRemoteUrl ?? "none"}"
                    : "  not a git repository: workspaces will use the folder itself (local mode)");
            }

            return ExitCodes.Success;
        });

        var source = new Argument<string>("repository") { Description = "owner/repo (GitHub), an https or ssh URL, git@host:owner/repo, or a local path" };
        var clonePath = new Option<string?>("--path") { Description = "The folder to clone into (missing or empty); default <projects.root>/<repo> (~/code/<repo>)" };
        var cloneName = new Option<string?>("--name") { Description = "Name to use instead of the folder's name" };
        var clone = new Command("clone", "Clone a repository and add it as a project") { source, clonePath, cloneName };
        clone.SetAction(async (parse, ct) =>
        {
            var cloner = await context.GetAsync<IProjectCloner>(ct);
            var cloned = await cloner.CloneAsync(
                new CloneRequest(parse.GetValue(source)!, parse.GetValue(clonePath), parse.GetValue(cloneName)), context.Progress, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, cloned);
            }
            else
            {
                context.Out.WriteLine($"Cloned and added project '{cloned.Name}' ({cloned.Path})");
                context.Out.WriteLine($"  git: default branch {cloned.DefaultBranch ?? "-"}, origin {cloned.GitRemoteUrl ?? "none"}");
            }

            return ExitCodes.Success;
        });

        var list = new Command("list", "List projects");
        list.Aliases.Add("ls");
        list.SetAction(async (parse, ct) =>
        {
            var projects = await (await context.GetAsync<IProjectService>(ct)).ListAsync(ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, projects);
            }
            else if (projects.Count == 0)
            {
                context.Out.WriteLine("No projects yet. Add one with 'grove project add <folder>'.");
            }
            else
            {
                Table.Write(context.Out, ["name", "path", "branch", "remote"], projects.Select(p => (IReadOnlyList<string?>)[p.Name, p.Path, p.DefaultBranch, Remote(p)]));
            }

            return ExitCodes.Success;
        });

        var showRef = new Argument<string>("project") { Description = "Project name, id or path" };
        var show = new Command("show", "Show one project") { showRef };
        show.SetAction(async (parse, ct) =>
        {
            var found = await (await context.GetAsync<IProjectService>(ct)).ResolveAsync(parse.GetValue(showRef)!, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, found);
            }
            else
            {
                context.Out.WriteLine($"{found.Name} ({found.Id})");
                context.Out.WriteLine($"  path:    {found.Path}");
                context.Out.WriteLine($"  git:     {(found.IsGitRepo ? "yes" : "no")}");
                context.Out.WriteLine($"  branch:  {found.DefaultBranch ?? "-"}");
                context.Out.WriteLine($"  remote:  {found.GitRemoteUrl ?? "-"}{(found.Provider is null or GitProvider.Other ? string.Empty : $" ({Remote(found)})")}");
            }

            return ExitCodes.Success;
        });

        var removeRef = new Argument<string>("project") { Description = "Project name, id or path" };
        var force = new Option<bool>("--force") { Description = "Also delete its workspaces (worktrees removed, branches kept)" };
        var remove = new Command("remove", "Forget a project (its folder is never touched)") { removeRef, force };
        remove.Aliases.Add("rm");
        remove.SetAction(async (parse, ct) =>
        {
            await (await context.GetAsync<IProjectService>(ct)).RemoveAsync(parse.GetValue(removeRef)!, parse.GetValue(force), ct);
            context.Out.WriteLine($"Removed project '{parse.GetValue(removeRef)}'.");
            return ExitCodes.Success;
        });

        project.Subcommands.Add(add);
        project.Subcommands.Add(clone);
        project.Subcommands.Add(list);
        project.Subcommands.Add(show);
        project.Subcommands.Add(remove);
        return project;
    }

    /// <summary>provider:owner/repo for a known host (GitHub, GitLab, Bitbucket), else the origin URL itself.</summary>
    private static string? Remote(Project p) =>
        p.Provider is null or GitProvider.Other ? p.GitRemoteUrl : $"{p.Provider.ToString()!.ToLowerInvariant()}:{p.Owner}/{p.Repo}";
}
