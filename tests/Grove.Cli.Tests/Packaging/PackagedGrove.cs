using System.Diagnostics;
using System.Text;
using Grove.Testing;

namespace Grove.Cli.Tests.Packaging;

/// <summary>
/// Grove as a user installs it, made once per test run by <c>scripts/release.sh</c> for this machine's
/// platform (slow: one pack, one single-file publish): the packed .NET tool installed into a temp tool
/// path, and the self-contained single-file build unpacked from its release archive.
/// </summary>
public sealed class PackagedGrove : IAsyncLifetime
{
    private readonly TempDirectory _root = new("grove-package");

    /// <summary>The <c>grove</c> command of the installed tool.</summary>
    public string ToolCommand { get; private set; } = null!;

    /// <summary>The single-file <c>grove</c> executable, unpacked from the release archive (with its wwwroot).</summary>
    public string SingleFile { get; private set; } = null!;

    /// <summary>What <c>scripts/release.sh</c> wrote for this platform: nupkg, single file, archive, SHA512SUMS, manifest.json.</summary>
    public string ReleaseFolder { get; private set; } = null!;

    /// <summary>The base URL the release was made for (the manifest's URLs start with it).</summary>
    public const string ReleaseBaseUrl = "http://127.0.0.1/release";

    public string Root => _root.Path;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var repository = RepositoryRoot();

        // CI runs scripts/release.sh once for this platform before the tests (.ci/run sets
        // GROVE_PACKAGED_DIR): a test only installs and runs. Without it the fixture runs the script itself (minutes).
        if (Environment.GetEnvironmentVariable("GROVE_PACKAGED_DIR") is { Length: > 0 } prepared)
        {
            ReleaseFolder = Path.Combine(prepared, "release");
        }
        else
        {
            ReleaseFolder = Path.Combine(Root, "release");
            await RunOkAsync("bash", [Path.Combine(repository, "scripts", "release.sh"), ReleaseBaseUrl, ReleaseFolder], ct,
                new Dictionary<string, string> { ["GROVE_RIDS"] = Grove.Services.Updates.InstallLocation.CurrentPlatform() });
        }

        // Only the release folder as a feed: a package of the same name elsewhere must never be picked instead.
        var config = Path.Combine(Root, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="grove" value="{ReleaseFolder}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(Root, "tools");
        await RunOkAsync(Dotnet(), ["tool", "install", "--tool-path", tools, "grove", "--prerelease", "--configfile", config], ct);
        ToolCommand = Path.Combine(tools, OperatingSystem.IsWindows() ? "grove.exe" : "grove");

        // The single file as a user gets it: the platform's archive, unpacked.
        var archive = Directory.GetFiles(ReleaseFolder, $"grove-*-{Grove.Services.Updates.InstallLocation.CurrentPlatform()}.tar.gz").Single();
        var single = Directory.CreateDirectory(Path.Combine(Root, "single")).FullName;
        await RunOkAsync("tar", ["-xzf", archive, "-C", single], ct);
        SingleFile = Path.Combine(single, OperatingSystem.IsWindows() ? "grove.exe" : "grove");
        Assert.True(File.Exists(SingleFile), $"no single-file build at {SingleFile}");
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }

    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        using var process = Start(file, args, environment, workingDirectory);
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

    public static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
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

    public static async Task<string> RunOkAsync(string file, string[] args, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var (exit, output, error) = await RunAsync(file, args, ct, environment, workingDirectory);
        Assert.True(exit == 0, $"{file} {string.Join(' ', args)} exited {exit}:\n{output}\n{error}");
        return output;
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
