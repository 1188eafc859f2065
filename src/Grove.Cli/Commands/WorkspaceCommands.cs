using System.CommandLine;
using Grove.Core.Domain;
using Grove.Services.Changes;
using Grove.Services.Workspaces;

namespace Grove.Cli.Commands;

internal static class WorkspaceCommands
{
    private static readonly string[] ListHeaders = ["project", "name", "branch", "state", "path"];
    private static readonly string[] ListHeadersWithStats = ["project", "name", "branch", "state", "changes", "path"];

    public static Command Build(CliContext context)
    {
        var ws = new Command("ws", "Workspaces: isolated worktrees on their own branches");
        ws.Aliases.Add("workspace");
        ws.Subcommands.Add(New(context));
        ws.Subcommands.Add(List(context));
        ws.Subcommands.Add(Show(context));
        ws.Subcommands.Add(Archive(context));
        ws.Subcommands.Add(Restore(context));
        ws.Subcommands.Add(Remove(context));
        ws.Subcommands.Add(WorkspaceWatchCommand.Build(context));
        foreach (var command in RunScriptCommands.Build(context))
        {
            ws.Subcommands.Add(command);
        }

        foreach (var command in ChangesCommands.Build(context))
        {
            ws.Subcommands.Add(command);
        }

        return ws;
    }

    internal static Argument<string> WorkspaceArgument() => new("workspace") { Description = "Workspace name, id, or project/name" };

    private static Command New(CliContext context)
    {
        var project = new Argument<string>("project") { Description = "Project name, id or path" };
        var name = new Option<string?>("--name", "-n") { Description = "Workspace name (default: a generated one like swift-otter-3fa2)" };
        var branch = new Option<string?>("--branch", "-b") { Description = "New branch name (default: the workspace name)" };
        var baseRef = new Option<string?>("--base") { Description = "Base branch, origin/<branch>, tag or commit (default: the project's default branch)" };
        var local = new Option<bool>("--local") { Description = "Work in the project folder itself (no worktree)" };
        var path = new Option<string?>("--path") { Description = "Worktree folder (default: <worktree root>/<project>/<name>)" };
        var noFetch = new Option<bool>("--no-fetch") { Description = "Do not fetch the base from origin first" };
        var noSetup = new Option<bool>("--no-setup") { Description = "Do not run the project's setup commands" };
        var command = new Command("new", "Create a workspace: fetch, worktree on a new branch, .worktreeinclude files, setup")
        {
            project, name, branch, baseRef, local, path, noFetch, noSetup,
        };
        command.SetAction(async (parse, ct) =>
        {
            var service = await context.GetAsync<IWorkspaceService>(ct);
            var result = await service.CreateAsync(
                new CreateWorkspaceRequest
                {
                    Project = parse.GetValue(project)!,
                    Name = parse.GetValue(name),
                    Branch = parse.GetValue(branch),
                    Base = parse.GetValue(baseRef),
                    Mode = parse.GetValue(local) ? WorkspaceMode.Local : WorkspaceMode.Worktree,
                    Path = parse.GetValue(path),
                    NoFetch = parse.GetValue(noFetch),
                    NoSetup = parse.GetValue(noSetup),
                },
                context.Progress,
                ct);
            foreach (var warning in result.Warnings)
            {
                context.Warn(warning);
            }

            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, result);
                return ExitCodes.Success;
            }

            var w = result.Workspace;
            context.Out.WriteLine($"Created workspace '{w.Name}' ({w.Mode.ToString().ToLowerInvariant()})");
            context.Out.WriteLine($"  path:   {w.WorktreePath}");
            if (w.Branch is not null)
            {
                context.Out.WriteLine($"  branch: {w.Branch}{(result.StartPoint is null ? string.Empty : $" from {result.StartPoint}")}");
            }

            if (result.CopiedFiles.Count > 0)
            {
                context.Out.WriteLine($"  copied: {string.Join(", ", result.CopiedFiles)}");
            }

            if (result.Setup.Commands.Count > 0)
            {
                context.Out.WriteLine($"  setup:  {result.Setup.Commands.Count(c => c.Succeeded)}/{result.Setup.Commands.Count} command(s) succeeded ({result.Setup.SourceFile}); log {result.Setup.LogFile}");
                foreach (var failed in result.Setup.Commands.Where(c => !c.Succeeded))
                {
                    context.Error.WriteLine($"--- output of '{failed.Command}' ---");
                    context.Error.Write(failed.Output);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var project = new Option<string?>("--project", "-p") { Description = "Only this project's workspaces" };
        var all = new Option<bool>("--all", "-a") { Description = "Include archived workspaces" };
        var stats = new Option<bool>("--stats") { Description = "Add changed-file and line counts (runs git in each worktree)" };
        var command = new Command("list", "List workspaces") { project, all, stats };
        command.Aliases.Add("ls");
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var list = await app.Get<IWorkspaceService>().ListAsync(parse.GetValue(project), parse.GetValue(all), ct);
            var projects = (await app.Get<Grove.Services.Projects.IProjectService>().ListAsync(ct)).ToDictionary(p => p.Id, p => p.Name);
            IReadOnlyList<WorkspaceChangeSummary>? summaries = parse.GetValue(stats) ? await app.Get<IWorkspaceChanges>().GetSummariesAsync(list, ct) : null;
            if (parse.GetValue(GroveCli.JsonOption))
            {
                var usage = await Remote.ServerUsage.ReadAsync(context, ct);
                Json.Write(context.Out, summaries is null
                    ? list.Select(w => (object)new { workspace = w, project = projects.GetValueOrDefault(w.ProjectId), usage = usage.Workspace(w.Id) })
                    : summaries.Select(s => (object)new
                    {
                        workspace = s.Workspace,
                        project = projects.GetValueOrDefault(s.Workspace.ProjectId),
                        usage = usage.Workspace(s.Workspace.Id),
                        changedFiles = s.Diff?.Files.Count,
                        added = s.Diff?.Added,
                        deleted = s.Diff?.Deleted,
                        error = s.Error,
                    }));
                return ExitCodes.Success;
            }

            if (list.Count == 0)
            {
                context.Out.WriteLine("No workspaces. Create one with 'grove ws new <project>'.");
                return ExitCodes.Success;
            }

            var headers = summaries is null ? ListHeaders : ListHeadersWithStats;
            Table.Write(context.Out, headers, list.Select((w, i) =>
            {
                var state = w.IsArchived ? "archived" : Directory.Exists(w.WorktreePath) ? "active" : "missing";
                var row = new List<string?> { projects.GetValueOrDefault(w.ProjectId), w.Name, w.Branch, state };
                if (summaries is not null)
                {
                    var s = summaries[i];
                    row.Add(s.Diff is null ? null : $"{s.Diff.Files.Count} files +{s.Diff.Added} -{s.Diff.Deleted}"); // '-' when there is nothing to count
                }

                row.Add(w.WorktreePath);
                return (IReadOnlyList<string?>)row;
            }));

            // Why a count is missing goes below the table, not into it (a missing worktree already says so in STATE).
            foreach (var s in summaries?.Where(s => s.Error is not null && Directory.Exists(s.Workspace.WorktreePath)) ?? [])
            {
                context.Error.WriteLine($"note: no counts for {projects.GetValueOrDefault(s.Workspace.ProjectId)}/{s.Workspace.Name}: {s.Error}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var workspace = WorkspaceArgument();
        var command = new Command("show", "Show a workspace and its changes") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var app = await context.AppAsync(ct);
            var w = await app.Get<IWorkspaceService>().ResolveAsync(parse.GetValue(workspace)!, ct);
            var summary = (await app.Get<IWorkspaceChanges>().GetSummariesAsync([w], ct))[0];
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, new { workspace = w, status = summary.Status, diff = summary.Diff, error = summary.Error });
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"{w.Name} ({w.Id})");
            context.Out.WriteLine($"  mode:     {w.Mode.ToString().ToLowerInvariant()}");
            context.Out.WriteLine($"  path:     {w.WorktreePath}");
            context.Out.WriteLine($"  branch:   {w.Branch ?? "-"} (base {w.BaseBranch ?? "-"})");
            context.Out.WriteLine($"  state:    {(w.IsArchived ? $"archived {w.ArchivedAt:u}" : "active")}");
            context.Out.WriteLine($"  created:  {w.CreatedAt:u}");
            if (w.PrUrl is not null)
            {
                context.Out.WriteLine($"  pr:       #{w.PrNumber} {w.PrState} {w.PrUrl}");
            }

            context.Out.WriteLine(summary.Diff is null
                ? $"  changes:  {summary.Error}"
                : $"  changes:  {summary.Diff.Files.Count} files, +{summary.Diff.Added} -{summary.Diff.Deleted} vs {w.BaseBranch}; {summary.Status?.Files.Count ?? 0} uncommitted");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Archive(CliContext context)
    {
        var workspace = WorkspaceArgument();
        var removeWorktree = new Option<bool>("--remove-worktree") { Description = "Also remove the worktree folder (the branch is kept; restore recreates it)" };
        var force = new Option<bool>("--force") { Description = "Remove the worktree even with uncommitted changes" };
        var command = new Command("archive", "Archive a workspace (keeps its branch)") { workspace, removeWorktree, force };
        command.SetAction(async (parse, ct) =>
        {
            var archived = await (await context.GetAsync<IWorkspaceService>(ct)).ArchiveAsync(parse.GetValue(workspace)!, parse.GetValue(removeWorktree), parse.GetValue(force), ct);
            context.Out.WriteLine($"Archived '{archived.Name}'{(parse.GetValue(removeWorktree) ? " and removed its worktree" : string.Empty)}; undo with 'grove ws restore {archived.Name}'.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Restore(CliContext context)
    {
        var workspace = WorkspaceArgument();
        var command = new Command("restore", "Restore an archived workspace (recreates its worktree from the branch)") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var restored = await (await context.GetAsync<IWorkspaceService>(ct)).RestoreAsync(parse.GetValue(workspace)!, ct);
            context.Out.WriteLine($"Restored '{restored.Name}' at {restored.WorktreePath}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var workspace = WorkspaceArgument();
        var deleteBranch = new Option<bool>("--delete-branch") { Description = "Also delete the branch" };
        var force = new Option<bool>("--force") { Description = "Remove even with uncommitted changes (and an unmerged branch)" };
        var command = new Command("rm", "Delete a workspace: its worktree and record (the branch is kept unless asked)") { workspace, deleteBranch, force };
        command.Aliases.Add("remove");
        command.SetAction(async (parse, ct) =>
        {
            await (await context.GetAsync<IWorkspaceService>(ct)).DeleteAsync(
                parse.GetValue(workspace)!,
                new DeleteWorkspaceOptions { DeleteBranch = parse.GetValue(deleteBranch), Force = parse.GetValue(force) },
                ct);
            context.Out.WriteLine($"Deleted workspace '{parse.GetValue(workspace)}'{(parse.GetValue(deleteBranch) ? " and its branch" : "; its branch was kept")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
