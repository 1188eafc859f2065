using System.Diagnostics;
using System.Text;
using Grove.Testing;

namespace Grove.Cli.Tests.Packaging;

/// <summary>
/// Grove as a user installs it, made once per test run (slow: one pack, one tool install, one
/// single-file publish): the packed .NET tool installed into a temp tool path, and a self-contained
/// single-file build for this machine's platform. Both come from the build the tests run against.
/// </summary>
public sealed class PackagedGrove : IAsyncLifetime
{
    private readonly TempDirectory _root = new("grove-package");

    /// <summary>The <c>grove</c> command of the installed tool.</summary>
    public string ToolCommand { get; private set; } = null!;

    /// <summary>The single-file <c>grove</c> executable.</summary>
    public string SingleFile { get; private set; } = null!;

    public string Root => _root.Path;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var repository = RepositoryRoot();
        var project = Path.Combine(repository, "src", "Grove.Cli", "Grove.Cli.csproj");

        // CI packs and publishes once before the tests (.ci/run sets GROVE_PACKAGED_DIR): a test only
        // installs and runs. Without it the fixture makes both itself (minutes).
        string feed, single;
        if (Environment.GetEnvironmentVariable("GROVE_PACKAGED_DIR") is { Length: > 0 } prepared)
        {
            feed = Path.Combine(prepared, "feed");
            single = Path.Combine(prepared, "single");
        }
        else
        {
            feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
            single = Path.Combine(Root, "single");
            await RunOkAsync(Dotnet(), ["pack", project, "-c", Configuration, "--no-build", "-o", feed, "-nologo"], ct);
            await RunOkAsync(Dotnet(), [
                "publish", project, "-c", Configuration, "-r", Grove.Services.Updates.InstallLocation.CurrentPlatform(), "--self-contained",
                "-p:PublishSingleFile=true", "-p:DebugType=none", "-o", single, "-nologo"], ct);
        }

        // Only this feed: a package of the same name elsewhere must never be picked instead.
        var config = Path.Combine(Root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="grove" value="{feed}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(Root, "tools");
        await RunOkAsync(Dotnet(), ["tool", "install", "--tool-path", tools, "grove", "--prerelease", "--configfile", config], ct);
        ToolCommand = Path.Combine(tools, OperatingSystem.IsWindows() ? "grove.exe" : "grove");
        SingleFile = Path.Combine(single, OperatingSystem.IsWindows() ? "grove.exe" : "grove");
        Assert.True(File.Exists(SingleFile), $"no single-file build at {SingleFile}");
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(file, args, environment);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    public static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi)!;
        process.StandardInput.Close();
        return process;
    }

    private static async Task RunOkAsync(string file, string[] args, CancellationToken ct)
    {
        var (exit, output, error) = await RunAsync(file, args, ct);
        Assert.True(exit == 0, $"{file} {string.Join(' ', args)} exited {exit}:\n{output}\n{error}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grove.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Grove.slnx not found above the test assembly.");
    }

    private static string Dotnet()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : "dotnet";
    }
}
