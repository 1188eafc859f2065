using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Errors;
using Grove.Services.PullRequests;

namespace Grove.Cli.Commands;

/// <summary><c>grove pr create|status|checks|comments|merge|open|auth</c>: GitHub pull requests of workspaces, through <see cref="IPullRequests"/>.</summary>
internal static class PrCommands
{
    public static Command Build(CliContext context)
    {
        var pr = new Command("pr", "GitHub pull requests of workspaces (token: secret github.token, GH_TOKEN/GITHUB_TOKEN, gh, git credential)");
        pr.Subcommands.Add(Create(context));
        pr.Subcommands.Add(Status(context));
        pr.Subcommands.Add(Checks(context));
        pr.Subcommands.Add(Comments(context));
        pr.Subcommands.Add(Merge(context));
        pr.Subcommands.Add(Open(context));
        pr.Subcommands.Add(Auth(context));
        return pr;
    }

    private static Command Create(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var title = new Option<string?>("--title") { Description = "Title (default: the commit's subject, or the branch name for several commits)" };
        var body = new Option<string?>("--body") { Description = "Body (default: the commit's body, or the list of commits)" };
        var draft = new Option<bool>("--draft") { Description = "Open as a draft" };
        var baseBranch = new Option<string?>("--base") { Description = "Branch to merge into (default: the workspace's base)" };
        var command = new Command("create", "Push the branch and open a pull request (links the existing one if there is one)") { workspace, title, body, draft, baseBranch };
        command.SetAction(async (parse, ct) =>
        {
            var service = await context.GetAsync<IPullRequests>(ct);
            var created = await service.CreateAsync(
                parse.GetValue(workspace)!,
                new PullRequestCreateOptions(parse.GetValue(title), parse.GetValue(body), parse.GetValue(draft), parse.GetValue(baseBranch)),
                context.Progress,
                ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, created);
                return ExitCodes.Success;
            }

            var p = created.PullRequest;
            context.Out.WriteLine(created.AlreadyExisted
                ? $"Linked existing pull request #{p.Number}: {p.Url}"
                : $"Opened {(p.IsDraft ? "draft " : "")}pull request #{p.Number} ({p.HeadBranch} → {p.BaseBranch}): {p.Url}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var refresh = new Option<bool>("--refresh") { Description = "Ask GitHub now instead of a status up to 10 s old" };
        var command = new Command("status", "The pull request of a workspace: state, mergeability, review, checks, unpushed commits") { workspace, refresh };
        command.SetAction(async (parse, ct) =>
        {
            var status = await (await context.GetAsync<IPullRequests>(ct)).GetStatusAsync(parse.GetValue(workspace)!, parse.GetValue(refresh), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, status);
                return ExitCodes.Success;
            }

            if (status.PullRequest is not { } p)
            {
                context.Out.WriteLine($"No pull request for {status.Branch} on {status.Repository} yet; 'grove pr create {status.Workspace}' opens one.");
            }
            else
            {
                context.Out.WriteLine($"#{p.Number} {p.Title}");
                context.Out.WriteLine($"  state:     {p.State}{(p.IsDraft ? " (draft)" : "")}");
                context.Out.WriteLine($"  branch:    {p.HeadBranch} → {p.BaseBranch}");
                context.Out.WriteLine($"  mergeable: {p.MergeableState ?? "unknown"}");
                context.Out.WriteLine($"  review:    {status.ReviewDecision?.Replace('_', ' ') ?? "none"}");
                if (status.Checks is { } checks)
                {
                    context.Out.WriteLine($"  checks:    {checks.Passed} passed, {checks.Failed} failed, {checks.Pending} pending");
                    foreach (var failing in checks.Failing)
                    {
                        context.Out.WriteLine($"    ✗ {failing.Name}{(failing.Url is null ? "" : $"  {failing.Url}")}");
                    }
                }

                context.Out.WriteLine($"  url:       {p.Url}");
            }

            if (status.UnpushedCommits > 0)
            {
                context.Out.WriteLine($"  {status.UnpushedCommits} local commit(s) not pushed yet ('grove ws push {status.Workspace}').");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Checks(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("checks", "The checks of the pull request's head (exit 1 when one failed)") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var checks = await (await context.GetAsync<IPullRequests>(ct)).GetChecksAsync(parse.GetValue(workspace)!, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, checks);
            }
            else if (checks.Count == 0)
            {
                context.Out.WriteLine("No checks reported.");
            }
            else
            {
                Table.Write(context.Out, ["result", "check", "title", "link"], checks.Select(c => (IReadOnlyList<string?>)[c.Outcome, c.Name, c.Title, c.Url]));
            }

            return checks.Any(c => c.Outcome == "failed") ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static Command Comments(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var command = new Command("comments", "The pull request's review threads (file, line, resolved or not, each comment's author and text)") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var threads = await (await context.GetAsync<IPullRequests>(ct)).GetReviewThreadsAsync(parse.GetValue(workspace)!, ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, threads);
                return ExitCodes.Success;
            }

            if (threads.Count == 0)
            {
                context.Out.WriteLine("No review comments.");
            }

            foreach (var thread in threads)
            {
                var where = thread.Line is { } line ? $"{thread.Path}:{line}" : thread.Path;
                var state = thread.IsResolved switch
                {
                    true => "resolved",
                    false => "open",
                    null => "resolved unknown",
                };
                context.Out.WriteLine($"{where}  {state}{(thread.IsOutdated ? ", outdated" : "")}");
                for (var i = 0; i < thread.Comments.Count; i++)
                {
                    var c = thread.Comments[i];
                    context.Out.WriteLine($"  {(i == 0 ? "" : "↳ ")}{c.Author ?? "(unknown)"}");
                    foreach (var text in c.Body.Split('\n'))
                    {
                        context.Out.WriteLine($"    {text.TrimEnd('\r')}");
                    }
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Merge(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var squash = new Option<bool>("--squash") { Description = "Squash into one commit (default)" };
        var merge = new Option<bool>("--merge") { Description = "Create a merge commit" };
        var rebase = new Option<bool>("--rebase") { Description = "Rebase the commits onto the base" };
        var deleteBranch = new Option<bool>("--delete-branch") { Description = "Delete the remote branch after merging" };
        var command = new Command("merge", "Merge the pull request on GitHub") { workspace, squash, merge, rebase, deleteBranch };
        command.SetAction(async (parse, ct) =>
        {
            var chosen = new[] { (parse.GetValue(squash), PullRequestMergeMethod.Squash), (parse.GetValue(merge), PullRequestMergeMethod.Merge), (parse.GetValue(rebase), PullRequestMergeMethod.Rebase) }
                .Where(m => m.Item1).Select(m => m.Item2).ToList();
            if (chosen.Count > 1)
            {
                throw new GroveException(ErrorKind.InvalidInput, "Pick one of --squash, --merge, --rebase.");
            }

            var name = parse.GetValue(workspace)!;
            var merged = await (await context.GetAsync<IPullRequests>(ct)).MergeAsync(name, chosen.Count == 0 ? PullRequestMergeMethod.Squash : chosen[0], parse.GetValue(deleteBranch), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, merged);
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"Merged pull request #{merged.Number} ({merged.Method.ToString().ToLowerInvariant()}){(merged.BranchDeleted ? "; deleted the remote branch" : "")}.");
            context.Out.WriteLine($"Archive the workspace when you are done: grove ws archive {name}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Open(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var print = new Option<bool>("--print") { Description = "Only print the URL" };
        var command = new Command("open", "Open the pull request in the browser (and print its URL)") { workspace, print };
        command.SetAction(async (parse, ct) =>
        {
            var status = await (await context.GetAsync<IPullRequests>(ct)).GetStatusAsync(parse.GetValue(workspace)!, cancellationToken: ct);
            var url = status.PullRequest?.Url
                ?? throw new GroveException(ErrorKind.NotFound, $"{status.Branch} has no pull request yet; 'grove pr create {status.Workspace}' opens one.");
            context.Out.WriteLine(url);
            if (!parse.GetValue(print))
            {
                BrowserLauncher.TryOpen(url, context.Environment);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Auth(CliContext context)
    {
        var workspace = new Argument<string?>("workspace") { Description = "A workspace whose GitHub host to check (default: github.com)", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("auth", "Which GitHub token Grove would use (its source, never the token)") { workspace };
        command.SetAction(async (parse, ct) =>
        {
            var auth = await (await context.GetAsync<IPullRequests>(ct)).GetAuthAsync(parse.GetValue(workspace), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, auth);
                return auth.Source is null ? ExitCodes.AuthRequired : ExitCodes.Success;
            }

            context.Out.WriteLine(auth.Source is null
                ? $"No GitHub token for {auth.Host}: 'grove secret set github.token' (token on stdin), GH_TOKEN, or 'gh auth login'."
                : $"{auth.Host}: using the token from {auth.Source}.");
            return auth.Source is null ? ExitCodes.AuthRequired : ExitCodes.Success;
        });
        return command;
    }
}
