using System.CommandLine;
using Grove.Core.Logs;
using Grove.Services.Logging;
using Microsoft.Extensions.Logging;

namespace Grove.Cli.Commands;

/// <summary><c>grove logs [--follow] [--level warn] [--lines N]</c>: prints Grove's file log (secrets already masked).</summary>
internal static class LogsCommand
{
    public static Command Build(CliContext context)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new entries until Ctrl-C" };
        var level = new Option<string?>("--level", "-l") { Description = "Only entries at this level or above: trace, debug, info, warn, error" };
        var lines = new Option<int>("--lines", "-n") { Description = "How many of the newest entries to print first (default 50)", DefaultValueFactory = _ => 50 };
        var command = new Command("logs", "Print Grove's log (<data>/logs/grove-YYYYMMDD.log); --follow keeps printing") { follow, level, lines };
        command.SetAction(async (parse, ct) =>
        {
            var minimum = parse.GetValue(level) is { } name ? GroveLogLevel.Parse(name) : LogLevel.Trace;
            var count = Math.Max(0, parse.GetValue(lines));
            var json = parse.GetValue(GroveCli.JsonOption);
            var logs = await context.GetAsync<ILogFiles>(ct);
            if (!parse.GetValue(follow))
            {
                foreach (var entry in await logs.ReadAsync(minimum, count, ct))
                {
                    Write(context, entry, json);
                }

                return ExitCodes.Success;
            }

            try
            {
                await foreach (var entry in logs.FollowAsync(minimum, count, ct))
                {
                    Write(context, entry, json);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl-C ends following; that is the normal way out.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(CliContext context, LogEntry entry, bool json)
    {
        if (json)
        {
            context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(entry, Json.Compact));
        }
        else
        {
            context.Out.WriteLine(entry.Text);
        }

        context.Out.Flush();
    }
}
