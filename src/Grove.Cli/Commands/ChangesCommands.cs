using System.CommandLine;
using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Services.Changes;

namespace Grove.Cli.Commands;

/// <summary><c>grove ws status|diff|stage|unstage|discard|commit|push|pull|log</c>.</summary>
internal static class ChangesCommands
{
    public static IEnumerable<Command> Build(CliContext context)
    {
        yield return Status(context);
        yield return Diff(context);
        yield return PathsCommand(context, "stage", "Staged", "Stage paths", (c, w, p, ct) => c.StageAsync(w, p, ct));
        yield return PathsCommand(context, "unstage", "Unstaged", "Unstage paths", (c, w, p, ct) => c.UnstageAsync(w, p, ct));
        yield return PathsCommand(context, "discard", "Discarded", "Discard changes to paths (untracked files are deleted)", (c, w, p, ct) => c.DiscardAsync(w, p, ct));
        yield return Commit(context);
        yield return Push(context);
        yield return Pull(context);
        yield return Log(context);
        yield return Branches(context);
    }

    private static Command Branches(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("branches", "Local and remote branches, seen from a workspace") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var branches = await (await context.GetAsync<IWorkspaceChanges>(ct)).ListBranchesAsync(parse.GetValue(workspace)!, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, branches);
                return ExitCodes.Success;
            }

            foreach (var b in branches)
            {
                context.Out.WriteLine($"{(b.IsCurrent ? "*" : " ")} {b.Name}{(b.Upstream is null ? string.Empty : $" -> {b.Upstream}")}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("status", "Uncommitted changes in a workspace") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var status = await (await context.GetAsync<IWorkspaceChanges>(ct)).GetStatusAsync(parse.GetValue(workspace)!, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, status);
                return ExitCodes.Success;
            }

            var b = status.Branch;
            context.Out.WriteLine($"On {b.Head ?? "(detached)"}{(b.Upstream is null ? string.Empty : $" tracking {b.Upstream} (+{b.Ahead} -{b.Behind})")}");
            if (status.IsClean)
            {
                context.Out.WriteLine("Nothing to commit, working tree clean.");
            }

            foreach (var file in status.Files)
            {
                var staged = file.IsStaged ? "staged" : "      ";
                var original = file.OriginalPath is null ? string.Empty : $" (from {file.OriginalPath})";
                context.Out.WriteLine($"  {staged} {file.Kind.ToString().ToLowerInvariant(),-11} {file.Path}{original}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Diff(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var stat = new Option<bool>("--stat") { Description = "Only per-file line counts" };
        var path = new Option<string?>("--path") { Description = "Only this file (relative to the worktree)" };
        var command = new Command("diff", "Everything the workspace changed against its base (commits, edits, new files)") { workspace, stat, path };
        command.SetAction(async (parse, ct) =>
        {
            var changes = await context.GetAsync<IWorkspaceChanges>(ct);
            if (parse.GetValue(stat) || parse.GetValue(GroveCli.JsonOption))
            {
                var summary = await changes.GetDiffSummaryAsync(parse.GetValue(workspace)!, ct);
                if (parse.GetValue(GroveCli.JsonOption))
                {
                    Json.Write(context.Out, new { files = summary.Files, added = summary.Added, deleted = summary.Deleted });
                    return ExitCodes.Success;
                }

                WriteStat(context.Out, summary);
                return ExitCodes.Success;
            }

            context.Out.Write(await changes.GetDiffAsync(parse.GetValue(workspace)!, parse.GetValue(path), ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command PathsCommand(CliContext context, string name, string done, string description, Func<IWorkspaceChanges, string, IReadOnlyList<string>, CancellationToken, Task> action)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var paths = new Argument<string[]>("paths") { Description = "Paths relative to the worktree", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { workspace, paths };
        command.SetAction(async (parse, ct) =>
        {
            var list = parse.GetValue(paths)!;
            await action(await context.GetAsync<IWorkspaceChanges>(ct), parse.GetValue(workspace)!, list, ct);
            context.Out.WriteLine($"{done} {list.Length} path(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Commit(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var message = new Option<string>("--message", "-m") { Description = "Commit message", Required = true };
        var all = new Option<bool>("--all", "-a") { Description = "Stage every change (including new files) first" };
        var paths = new Argument<string[]>("paths") { Description = "Commit only these paths", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("commit", "Commit in a workspace") { workspace, message, all, paths };
        command.SetAction(async (parse, ct) =>
        {
            var only = parse.GetValue(paths) is { Length: > 0 } p ? p : null;
            string sha;
            try
            {
                sha = await (await context.GetAsync<IWorkspaceChanges>(ct)).CommitAsync(parse.GetValue(workspace)!, parse.GetValue(message)!, only, parse.GetValue(all), ct);
            }
            catch (NothingToCommitException ex) when (ex.UntrackedFiles > 0)
            {
                throw new GroveException(ex.Kind, $"nothing to commit; {ex.UntrackedFiles} untracked file(s); use --all to include them (or 'grove ws stage' them first).");
            }

            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, new { sha });
            }
            else
            {
                context.Out.WriteLine($"Committed {sha[..Math.Min(10, sha.Length)]}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Push(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var force = new Option<bool>("--force-with-lease") { Description = "Force-push, only if the remote is where we last saw it" };
        var protectedOk = new Option<bool>("--yes-protected") { Description = "Allow force-pushing main/master/develop/production/staging" };
        var command = new Command("push", "Push the workspace's branch (sets upstream on first push)") { workspace, force, protectedOk };
        command.SetAction(async (parse, ct) =>
        {
            var changes = await context.GetAsync<IWorkspaceChanges>(ct);
            context.Progress("pushing");
            if (parse.GetValue(force))
            {
                await changes.ForcePushAsync(parse.GetValue(workspace)!, parse.GetValue(protectedOk), ct);
            }
            else
            {
                await changes.PushAsync(parse.GetValue(workspace)!, line => context.Progress(line), ct);
            }

            context.Out.WriteLine("Pushed.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Pull(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("pull", "Pull with rebase (autostash)") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            await (await context.GetAsync<IWorkspaceChanges>(ct)).PullAsync(parse.GetValue(workspace)!, ct);
            context.Out.WriteLine("Pulled.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Log(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var limit = new Option<int>("--limit") { Description = "How many commits", DefaultValueFactory = _ => 20 };
        var command = new Command("log", "History of the workspace's branch") { workspace, limit };
        command.SetAction(async (parse, ct) =>
        {
            var commits = await (await context.GetAsync<IWorkspaceChanges>(ct)).GetHistoryAsync(parse.GetValue(workspace)!, parse.GetValue(limit), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, commits);
                return ExitCodes.Success;
            }

            foreach (var c in commits)
            {
                context.Out.WriteLine($"{c.ShortSha}  {c.Date:yyyy-MM-dd HH:mm}  {c.Author}  {c.Subject}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteStat(TextWriter writer, DiffSummary summary)
    {
        foreach (var file in summary.Files)
        {
            writer.WriteLine(file.Binary ? $"  {file.Path}  (binary)" : $"  {file.Path}  +{file.Added} -{file.Deleted}");
        }

        writer.WriteLine($"{summary.Files.Count} file(s) changed, +{summary.Added} -{summary.Deleted}");
    }
}
