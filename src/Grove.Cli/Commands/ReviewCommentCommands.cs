using System.CommandLine;
using System.Globalization;
using Grove.Cli.Commands.Run;
using Grove.Cli.Remote;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Core.Review;
using Grove.Server.Api;
using Grove.Services.Review;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove comments &lt;ws&gt;</c>, <c>comments add|edit|rm|send</c>: comments on diff lines that go to the
/// agent with the next message, through <see cref="IReviewComments"/>.
/// </summary>
internal static class ReviewCommentCommands
{
    public static Command Build(CliContext context)
    {
        var workspace = new Argument<string?>("workspace") { Description = "Workspace name, id, or project/name", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Include comments already sent" };
        var command = new Command("comments", "Comments on diff lines, sent to the agent with the workspace's next message") { workspace, all };
        command.Subcommands.Add(Add(context));
        command.Subcommands.Add(Edit(context));
        command.Subcommands.Add(Remove(context));
        command.Subcommands.Add(Send(context));
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(workspace) ?? throw new GroveException(ErrorKind.InvalidInput, "Name the workspace: grove comments <workspace>.");
            var comments = await (await context.GetAsync<IReviewComments>(ct)).ListAsync(name, parse.GetValue(all), ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, comments);
            }
            else if (comments.Count == 0)
            {
                context.Out.WriteLine($"No pending review comments; 'grove comments add {name} <file>:<line> <text>' adds one.");
            }
            else
            {
                foreach (var comment in comments)
                {
                    Print(context, comment);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Add(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var location = new Argument<string>("location") { Description = "<file>:<line> or <file>:<start>-<end>, relative to the worktree (lines of the file as it is now)" };
        var body = new Argument<string[]>("text") { Description = "The comment", Arity = ArgumentArity.OneOrMore };
        var command = new Command("add", "Comment on a line or a range of lines (the lines are quoted as they are now)") { workspace, location, body };
        command.SetAction(async (parse, ct) =>
        {
            var (path, start, end) = ParseLocation(parse.GetValue(location)!);
            var added = await (await context.GetAsync<IReviewComments>(ct)).AddAsync(
                parse.GetValue(workspace)!,
                new NewReviewComment { Path = path, StartLine = start, EndLine = end, Body = string.Join(' ', parse.GetValue(body)!) },
                ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, added);
            }
            else
            {
                context.Out.WriteLine($"Added {added.Id} on {added.Location}; it goes to the agent with the next message ('grove comments send {parse.GetValue(workspace)}' sends it now).");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Edit(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var id = new Argument<string>("id") { Description = "The comment's id (grove comments <workspace>)" };
        var body = new Argument<string[]>("text") { Description = "The new text", Arity = ArgumentArity.OneOrMore };
        var command = new Command("edit", "Replace a pending comment's text") { workspace, id, body };
        command.SetAction(async (parse, ct) =>
        {
            var edited = await (await context.GetAsync<IReviewComments>(ct)).EditAsync(parse.GetValue(workspace)!, parse.GetValue(id)!, string.Join(' ', parse.GetValue(body)!), ct);
            context.Out.WriteLine($"Edited {edited.Id} on {edited.Location}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var id = new Argument<string>("id") { Description = "The comment's id (grove comments <workspace>)" };
        var command = new Command("rm", "Delete a comment") { workspace, id };
        command.SetAction(async (parse, ct) =>
        {
            await (await context.GetAsync<IReviewComments>(ct)).DeleteAsync(parse.GetValue(workspace)!, parse.GetValue(id)!, ct);
            context.Out.WriteLine($"Deleted {parse.GetValue(id)}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Send(CliContext context)
    {
        var workspace = WorkspaceCommands.WorkspaceArgument();
        var tab = new Option<string?>("--tab", "-t") { Description = "Tab name or id (default: the workspace's most recently used tab)" };
        var command = new Command("send", "Send the pending comments to the agent now, as one message (through 'grove serve' when it runs)") { workspace, tab };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(workspace)!;
            using var server = GroveServerClient.TryConnect(GrovePaths.FromEnvironment(context.Environment));
            if (server is not null)
            {
                var sent = await server.PostAsync<SendReviewCommentsResponse>(
                    $"api/workspaces/{GroveServerClient.Escape(name)}/comments/send", new SendReviewCommentsBody(parse.GetValue(tab)), ct);
                context.Out.WriteLine(
                    $"Sent {Count(sent.Count)} to tab '{sent.TabName}'{(sent.Started ? "" : $" (queued at position {sent.QueuePosition})")}; 'grove attach {sent.TabId}' follows the turn.");
                return ExitCodes.Success;
            }

            // No server: this process runs the turn (the comments are the whole message), like 'grove run'.
            var comments = await context.GetAsync<IReviewComments>(ct);
            var pending = await comments.ListAsync(name, cancellationToken: ct);
            if (pending.Count == 0)
            {
                throw new GroveException(ErrorKind.InvalidInput, $"'{name}' has no pending review comments to send.");
            }

            var target = await comments.TargetTabAsync(name, parse.GetValue(tab), ct);
            context.Progress($"sending {Count(pending.Count)} to tab '{target.Name}'");
            return await LocalRun.RunAsync(context, new RunRequest(name, target.Name, string.Empty, null, null, null), ct);
        });
        return command;
    }

    /// <summary><c>path:12</c> or <c>path:12-14</c>; the path may itself hold ':'.</summary>
    internal static (string Path, int Start, int End) ParseLocation(string text)
    {
        var colon = text.LastIndexOf(':');
        var lines = colon > 0 ? text[(colon + 1)..] : string.Empty;
        var dash = lines.IndexOf('-', StringComparison.Ordinal);
        var startText = dash < 0 ? lines : lines[..dash];
        var endText = dash < 0 ? lines : lines[(dash + 1)..];
        if (colon <= 0
            || !int.TryParse(startText, NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(endText, NumberStyles.None, CultureInfo.InvariantCulture, out var end))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{text}' is not <file>:<line> or <file>:<start>-<end>.");
        }

        return (text[..colon], start, end);
    }

    private static string Count(int count) => count == 1 ? "1 review comment" : $"{count} review comments";

    private static void Print(CliContext context, ReviewComment comment)
    {
        var state = comment.SentAt is not null ? " (sent)" : comment.Outdated ? " (outdated)" : "";
        context.Out.WriteLine($"{comment.Id}  {comment.Location}{state}");
        foreach (var line in comment.QuotedCode.Split('\n').Take(5))
        {
            context.Out.WriteLine($"    │ {line}");
        }

        foreach (var line in comment.Body.Split('\n'))
        {
            context.Out.WriteLine($"    {line}");
        }
    }
}
