using System.CommandLine;
using Grove.Cli.Remote;
using Grove.Core.Errors;
using Grove.Core.Paths;
using Grove.Server;
using Grove.Server.Hosting;
using Grove.Services.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove serve</c>: hosts the local server on 127.0.0.1 (default port 4477, else the next free
/// one), prints the login URL (it holds the install's token), opens the browser, and records itself in
/// <c>server.json</c> until Ctrl-C (which stops the agents cleanly). A second server on the same data
/// folder is refused (<see cref="ServerLock"/>).
/// </summary>
internal static class ServeCommand
{
    public static Command Build(CliContext context)
    {
        var port = new Option<int?>("--port", "-p") { Description = $"Port on 127.0.0.1 (default {ServerOptions.DefaultPort}, or the next free one; 0 = any free port)" };
        var noOpen = new Option<bool>("--no-open") { Description = "Don't open the browser" };
        var command = new Command("serve", "Run the local Grove server (web UI + API) on 127.0.0.1") { port, noOpen };
        command.SetAction((parse, ct) => RunAsync(context, parse.GetValue(port), parse.GetValue(noOpen), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, int? port, bool noOpen, CancellationToken ct)
    {
        var paths = GrovePaths.FromEnvironment(context.Environment);
        using var serverLock = ServerLock.Acquire(paths); // one server per data folder: one admission gate, one SQLite writer
        if (GroveServerClient.FindRunning(paths) is { } existing && existing.Pid != Environment.ProcessId)
        {
            throw new GroveException(ErrorKind.Conflict, $"A Grove server already runs for this data folder on port {existing.Port} (pid {existing.Pid}).");
        }

        // The banner (the link to open) is the first thing on the console: until it is out, only
        // warnings and errors go there (the log file is unchanged); --verbose shows everything.
        var consoleFloor = new ConsoleLogFloor(context.Verbose ? LogLevel.Debug : LogLevel.Warning);
        var options = new ServerOptions { Port = port ?? ServerOptions.DefaultPort, FallBackToNextFreePort = port is null };
        await using var server = await GroveServer.BuildAsync(paths, options, services => ConfigureServices(context, services, consoleFloor), ct);
        await server.StartAsync(ct);
        ServerInfoFile.Write(paths, new ServerInfo(server.Port, Environment.ProcessId, DateTimeOffset.UtcNow));
        try
        {
            context.Out.WriteLine($"Grove is running on http://127.0.0.1:{server.Port}/ (data: {paths.DataRoot})");
            context.Out.WriteLine("Sign in with this link. It holds this install's access token, so it keeps working (don't share it; `grove url` prints it again):");
            context.Out.WriteLine($"  {server.LoginUrl}");
            context.Out.WriteLine("Press Ctrl-C to stop.");
            consoleFloor.Minimum = LogLevel.Debug; // from now on as the log filter has it (info, debug with --verbose)
            if (!noOpen && !BrowserLauncher.TryOpen(server.LoginUrl, context.Environment))
            {
                context.Progress("no browser opened; open the link above yourself");
            }

            await server.App.WaitForShutdownAsync(ct);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            context.Progress("stopping: agents are being stopped…");
            return ExitCodes.Success;
        }
        finally
        {
            ServerInfoFile.Remove(paths, Environment.ProcessId);
            await server.StopAsync(CancellationToken.None);
        }
    }

    private static void ConfigureServices(CliContext context, IServiceCollection services, ConsoleLogFloor consoleFloor)
    {
        var runOptions = new AgentRunOptions { RawLog = context.Environment("GROVE_RAW_LOG") == "1" };
        if (context.Environment("GROVE_CLAUDE_PATH") is { Length: > 0 } claude)
        {
            runOptions.ExecutablePath = claude;
        }

        // For benches: the transcript commit window in ms (0 = a transaction as soon as a row waits).
        if (int.TryParse(context.Environment("GROVE_COMMIT_WINDOW_MS"), System.Globalization.CultureInfo.InvariantCulture, out var windowMs) && windowMs >= 0)
        {
            runOptions.TranscriptCommitWindow = TimeSpan.FromMilliseconds(windowMs);
        }

        services.AddSingleton(runOptions);
        context.AddProcessServices(services, stderrLog: true, consoleFloor);
        services.AddLogging(logging => logging.SetMinimumLevel(context.Verbose ? LogLevel.Debug : LogLevel.Information));
        context.ConfigureServices?.Invoke(services);
    }
}
