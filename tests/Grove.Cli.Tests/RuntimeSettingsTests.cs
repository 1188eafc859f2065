using System.Diagnostics;
using System.Text.Json;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary>
/// The memory and CPU settings of the server (issue 12) reach the runtime: they live in the grove build's
/// runtimeconfig.json, which <c>dotnet grove.dll</c>, the .NET tool and the single file all read.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("System.GC.Server", "false")]
    [InlineData("System.GC.Concurrent", "true")]
    [InlineData("System.GC.Gen0MaxBudget", "2097152")]
    [InlineData("System.GC.RegionSize", "1048576")]
    [InlineData("System.Runtime.TieredPGO", "false")]
    [InlineData("System.Runtime.TieredCompilation.CallCountThreshold", "256")]
    [InlineData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "0")]
    public void Groves_runtime_config_carries_the_memory_setting(string name, string value)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "grove.runtimeconfig.json")));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(name, out var actual), $"{name} is not in grove.runtimeconfig.json");
        Assert.Equal(value, actual.GetRawText());
    }

    /// <summary>
    /// Idle memory (issue 12): the real <c>grove serve</c> (the built grove.dll in its own process) starts
    /// without mapping Sentry.dll: Sentry's source generator, off in Grove.Cli.csproj, would put a module
    /// initializer in grove.dll that loads it before Main. Crash reports still create their client on first
    /// use (<c>LogsCommandTests.An_unexpected_command_error_sends_a_crash_report_only_with_a_dsn</c>).
    /// </summary>
    [Fact]
    public async Task Grove_serve_starts_without_loading_Sentry()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads /proc/PID/maps");
        using var home = new TempDirectory("grove-idle-assemblies");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "grove.dll"), "serve", "--no-open", "--port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GROVE_HOME"] = home.Path;
        start.Environment.Remove("GROVE_SENTRY_DSN");
        using var server = Process.Start(start)!;
        try
        {
            server.StandardInput.Close();
            _ = server.StandardError.ReadToEndAsync(CancellationToken.None);
            // Start-up JITs ~10k methods: on a loaded 2-core machine that takes longer than the usual wait.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            var ct = timeout.Token;
            string? line;
            while ((line = await server.StandardOutput.ReadLineAsync(ct)) is not null && !line.Contains("/login?token=", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            var mapped = (await File.ReadAllLinesAsync($"/proc/{server.Id}/maps", ct))
                .Select(entry => Path.GetFileName(entry.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()))
                .ToHashSet(StringComparer.Ordinal);

            Assert.Contains("Grove.Server.dll", mapped);
            Assert.DoesNotContain("Sentry.dll", mapped);
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None);
        }
    }
}
