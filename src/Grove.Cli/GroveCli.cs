using System.CommandLine;
using Grove.Cli.Commands;
using Grove.Core.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli;

/// <summary>The <c>grove</c> command line. <see cref="RunAsync"/> is what Program and the tests call.</summary>
public static class GroveCli
{
    public static readonly Option<bool> JsonOption = new("--json") { Description = "Write machine-readable JSON to stdout", Recursive = true };

    public static readonly Option<bool> VerboseOption = new("--verbose", "-v") { Description = "Show debug logs and full errors on stderr", Recursive = true };

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("Grove: run many AI coding agents side by side, each in its own git worktree.");
        root.Options.Add(JsonOption);
        root.Options.Add(VerboseOption);
        root.Subcommands.Add(ProjectCommands.Build(context));
        root.Subcommands.Add(WorkspaceCommands.Build(context));
        root.Subcommands.Add(DoctorCommand.Build(context));
        root.Subcommands.Add(LogsCommand.Build(context));
        root.Subcommands.Add(ConfigCommands.Build(context));
        root.Subcommands.Add(SecretCommands.Build(context));
        root.Subcommands.Add(PrCommands.Build(context));
        root.Subcommands.Add(ReviewCommentCommands.Build(context));
        root.Subcommands.Add(ConflictsCommand.Build(context));
        root.Subcommands.Add(McpCommands.Build(context));
        root.Subcommands.Add(AccountCommands.Build(context));
        root.Subcommands.Add(AccountCommands.OpenUrl(context));
        foreach (var command in AgentCommands.Build(context))
        {
            root.Subcommands.Add(command);
        }

        foreach (var command in CheckpointCommands.Build(context))
        {
            root.Subcommands.Add(command);
        }

        root.Subcommands.Add(BudgetCommands.Build(context));
        root.Subcommands.Add(StatusCommand.Build(context));
        root.Subcommands.Add(TranscribeCommand.Build(context));
        root.Subcommands.Add(ServeCommand.Build(context));
        root.Subcommands.Add(UpdateCommands.Build(context));
        root.Subcommands.Add(Commands.Term.TermCommand.Build(context));
        foreach (var command in RemoteCommands.Build(context))
        {
            root.Subcommands.Add(command);
        }

        UpdateCommands.UseVersionText(root, context);
        return root;
    }

    public static async Task<int> RunAsync(
        string[] args,
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        CancellationToken cancellationToken = default,
        TextReader? input = null,
        Action<IServiceCollection>? configureServices = null)
    {
        if (Grove.Services.Updates.InstallLocation.IsSingleFile)
        {
            // A single-file install: the build an update replaced is kept until this next start.
            Grove.Services.Updates.BinarySwap.RemoveLeftover(Environment.ProcessPath);
            Grove.Services.Updates.InstallFolderSwap.RemoveLeftover(AppContext.BaseDirectory);
        }

        await using var context = new CliContext(output, error, environment, input, configureServices);
        var root = Build(context);
        var parsed = root.Parse(args);
        context.Verbose = parsed.GetValue(VerboseOption);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                error.WriteLine($"grove: {parseError.Message}");
            }

            error.WriteLine("Run 'grove --help' (or 'grove <command> --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            error.WriteLine("grove: cancelled; nothing was left half-done.");
            return ExitCodes.Cancelled;
        }
        catch (GroveException ex)
        {
            error.WriteLine($"grove: {ex.Message}");
            await context.RecordFailureAsync(CommandPath(parsed), ex);
            if (context.Verbose)
            {
                error.WriteLine(ex.ToString());
            }

            return ExitCodes.For(ex.Kind);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"grove: {ex.Message}");
            await context.RecordFailureAsync(CommandPath(parsed), ex);
            if (context.Verbose)
            {
                error.WriteLine(ex.ToString());
            }

            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            error.WriteLine($"grove: unexpected error: {ex.Message}{(context.Verbose ? string.Empty : " (run with --verbose for details)")}");
            await context.RecordFailureAsync(CommandPath(parsed), ex);
            if (context.Verbose)
            {
                error.WriteLine(ex.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>The command's names (<c>ws create</c>), never its arguments (they may hold a secret).</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return names.Count == 0 ? "(root)" : string.Join(' ', names);
    }
}
