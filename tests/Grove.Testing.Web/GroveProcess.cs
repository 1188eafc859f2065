using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Grove.Testing.Web;

/// <summary>
/// Runs the built <c>grove</c> executable as a real process: one-shot commands (<see cref="RunAsync"/>)
/// and <c>grove serve</c> (<see cref="ServeAsync"/>), with a given environment and nothing else
/// from this machine's.
/// </summary>
public sealed partial class GroveProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private GroveProcess(Process process, Uri loginUrl, StringBuilder output)
    {
        _process = process;
        _output = output;
        LoginUrl = loginUrl;
        BaseUrl = new Uri(loginUrl.GetLeftPart(UriPartial.Authority) + "/");
    }

    public static string CliDll { get; } = typeof(GroveProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GroveCliDll").Value!;

    /// <summary>
    /// A published <c>grove</c> executable to run instead of <c>dotnet</c> <see cref="CliDll"/> (the
    /// benchmarks measure the build a user installs: <c>GROVE_UNDER_TEST</c>); null for the built dll.
    /// </summary>
    public static string? Executable { get; set; } = Environment.GetEnvironmentVariable("GROVE_UNDER_TEST") is { Length: > 0 } path ? path : null;

    /// <summary>The login URL <c>grove serve</c> printed (holds the install's token).</summary>
    public Uri LoginUrl { get; }

    public Uri BaseUrl { get; }

    public string Token => LoginUrl.Query[(LoginUrl.Query.IndexOf('=', StringComparison.Ordinal) + 1)..];

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            return Snapshot(_output);
        }
    }

    /// <summary>The server process's current working set, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments, string? input, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(environment, arguments) };
        process.Start();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <param name="port">0 for any free port; a port of a stopped server to start it again where a page expects it.</param>
    public static async Task<GroveProcess> ServeAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken, int port = 0)
    {
        var process = new Process { StartInfo = StartInfo(environment, ["serve", "--no-open", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]), EnableRaisingEvents = true };
        var login = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (LoginLine().Match(line) is { Success: true } match)
            {
                login.TrySetResult(new Uri(match.Value));
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => login.TrySetException(new InvalidOperationException($"grove serve exited early:\n{Snapshot(output)}"));
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var url = await login.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            // The same buffer keeps collecting every line the server prints (Output).
            return new GroveProcess(process, url, output);
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(Executable ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Executable is null)
        {
            start.ArgumentList.Add(CliDll);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Stops the server the way Ctrl-C does (SIGINT: a clean shutdown) and waits for it to exit.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        using (var signal = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false }))
        {
            await signal!.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException)
        {
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/login\?token=[A-Za-z0-9_\-]+")]
    private static partial Regex LoginLine();
}
