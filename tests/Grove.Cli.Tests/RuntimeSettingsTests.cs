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
        await using var server = await ServeProcess.StartAsync(home.Path);

        var mapped = await server.MappedFilesAsync();

        Assert.Contains("Grove.Server.dll", mapped);
        Assert.DoesNotContain("Sentry.dll", mapped);
    }

    /// <summary>
    /// Idle memory (issue 12): a serving <c>grove serve</c> (its routes built by a first API request) has
    /// not loaded the OpenAPI stack (Microsoft.AspNetCore.OpenApi, Microsoft.OpenApi, Mvc.ApiExplorer,
    /// Mvc.Core) nor System.Net.Http (its check for another server made an HTTP client). The OpenAPI
    /// document still lists the API on its first request, which is when its assemblies load.
    /// </summary>
    [Fact]
    public async Task Grove_serve_loads_OpenApi_and_the_http_client_only_when_used()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "reads /proc/PID/maps");
        using var home = new TempDirectory("grove-idle-openapi");
        await using var server = await ServeProcess.StartAsync(home.Path);
        using var http = server.Client();
        var ct = TestContext.Current.CancellationToken;

        using (var projects = await http.GetAsync("api/projects", ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, projects.StatusCode);
        }

        var idle = await server.MappedFilesAsync();
        Assert.Contains("Microsoft.AspNetCore.Routing.dll", idle);
        Assert.DoesNotContain("Microsoft.AspNetCore.OpenApi.dll", idle);
        Assert.DoesNotContain("Microsoft.OpenApi.dll", idle);
        Assert.DoesNotContain("Microsoft.AspNetCore.Mvc.ApiExplorer.dll", idle);
        Assert.DoesNotContain("Microsoft.AspNetCore.Mvc.Core.dll", idle);
        Assert.DoesNotContain("System.Net.Http.dll", idle);

        for (var request = 0; request < 2; request++)
        {
            using var response = await http.GetAsync("openapi/v1.json", ct);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var paths = document.RootElement.GetProperty("paths");
            Assert.True(paths.TryGetProperty("/api/projects", out _));
            Assert.True(paths.TryGetProperty("/api/tabs/{tab}/messages", out _));
            Assert.False(paths.TryGetProperty("/openapi/{documentName}.json", out _));
        }

        using (var missing = await http.GetAsync("openapi/v2.json", ct))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.Contains("Microsoft.AspNetCore.OpenApi.dll", await server.MappedFilesAsync());
    }

    /// <summary>The built grove.dll running <c>serve</c> in its own process, up to its login line.</summary>
    private sealed class ServeProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServeProcess(Process process, Uri loginUrl)
        {
            _process = process;
            LoginUrl = loginUrl;
        }

        public Uri LoginUrl { get; }

        public static async Task<ServeProcess> StartAsync(string home)
        {
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

            start.Environment["GROVE_HOME"] = home;
            start.Environment.Remove("GROVE_SENTRY_DSN");
            var process = Process.Start(start)!;
            try
            {
                process.StandardInput.Close();
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                // Start-up JITs ~10k methods: on a loaded 2-core machine that takes longer than the usual wait.
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                timeout.CancelAfter(TimeSpan.FromMinutes(2));
                string? line;
                while ((line = await process.StandardOutput.ReadLineAsync(timeout.Token)) is not null && !line.Contains("/login?token=", StringComparison.Ordinal))
                {
                }

                Assert.NotNull(line);
                return new ServeProcess(process, new Uri(line.Trim()));
            }
            catch
            {
                process.Kill(entireProcessTree: true);
                process.Dispose();
                throw;
            }
        }

        public async Task<HashSet<string>> MappedFilesAsync() =>
            (await File.ReadAllLinesAsync($"/proc/{_process.Id}/maps", TestContext.Current.CancellationToken))
                .Select(entry => Path.GetFileName(entry.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last()))
                .ToHashSet(StringComparer.Ordinal);

        /// <summary>A client of this server, signed in with the token its login URL holds.</summary>
        public HttpClient Client()
        {
            var token = System.Web.HttpUtility.ParseQueryString(LoginUrl.Query)["token"];
            var http = new HttpClient { BaseAddress = new Uri(LoginUrl.GetLeftPart(UriPartial.Authority) + "/") };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return http;
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
            _process.Dispose();
        }
    }
}
