using System.Diagnostics;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary>The real <c>grove</c> executable, as a user runs it.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Grove_RunsAsAProgram_AndListsWhatItAdded()
    {
        using var repo = TestRepository.Create();
        using var home = new TempDirectory("grove-proc-home");

        var add = await RunGroveAsync(home.Path, Environment.GetEnvironmentVariable("PATH")!, "project", "add", repo.Path);
        var list = await RunGroveAsync(home.Path, Environment.GetEnvironmentVariable("PATH")!, "project", "list");

        Assert.Equal(0, add.ExitCode);
        Assert.Contains(repo.Path, list.Output);
        Assert.True(File.Exists(Path.Combine(home.Path, "grove.db")));
    }

    [Fact]
    public async Task GitMissing_IsNamedWithItsOwnExitCode()
    {
        using var repo = TestRepository.Create();
        using var home = new TempDirectory("grove-proc-home");
        using var emptyPath = new TempDirectory("no-git");

        var result = await RunGroveAsync(home.Path, emptyPath.Path, "project", "add", repo.Path);

        Assert.Equal(ExitCodes.GitMissing, result.ExitCode);
        Assert.Contains("git was not found", result.Error);
    }

    private static async Task<CliResult> RunGroveAsync(string home, string path, params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "grove.dll"));
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        psi.Environment["GROVE_HOME"] = home;
        psi.Environment["PATH"] = path;
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return new CliResult(process.ExitCode, await output, await error);
    }

    private static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "dotnet");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "dotnet";
    }
}
