namespace Grove.Testing.Tests;

/// <summary>Locating the binary and the isolated environment, without running the CLI.</summary>
public sealed class ClaudeCliHarnessTests
{
    [Fact]
    public void LocateBinary_ConfiguredPathMissing_ThrowsNamingTheInstallScript()
    {
        var error = Assert.Throws<ClaudeCliNotInstalledException>(() => ClaudeCliHarness.LocateBinary("/nonexistent/claude", "/nonexistent-home"));

        Assert.Contains("/nonexistent/claude", error.Message);
        Assert.Contains(".ci/install-claude.sh", error.Message);
    }

    [Fact]
    public void LocateBinary_NothingInstalled_ThrowsNamingTheFolderAndTheScript()
    {
        using var home = new TempDirectory("grove-empty-home");

        var error = Assert.Throws<ClaudeCliNotInstalledException>(() => ClaudeCliHarness.LocateBinary(null, home.Path));

        Assert.Contains(ClaudeCliHarness.DefaultInstallFolder(home.Path), error.Message);
        Assert.Contains(".ci/install-claude.sh", error.Message);
    }

    [Fact]
    public void LocateBinary_PlaceholderInsteadOfTheNativeBinary_IsNotInstalled()
    {
        using var home = new TempDirectory("grove-placeholder-home");
        var bin = Path.Combine(ClaudeCliHarness.DefaultInstallFolder(home.Path), "node_modules", "@anthropic-ai", "claude-code", "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "claude.exe"), "#!/bin/sh\necho placeholder\n");

        Assert.Throws<ClaudeCliNotInstalledException>(() => ClaudeCliHarness.LocateBinary(null, home.Path));
    }

    [Fact]
    public async Task Environment_IsIsolatedAndPointsAtTheFakeServer()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var harness = new ClaudeCliHarness(api, maxRetries: 3, binaryPath: "/bin/true");
        var env = harness.Environment;

        Assert.Equal($"http://127.0.0.1:{api.Port}", env["ANTHROPIC_BASE_URL"]);
        Assert.Equal("test-key", env["ANTHROPIC_API_KEY"]);
        Assert.Equal("3", env["CLAUDE_CODE_MAX_RETRIES"]);
        Assert.Equal("1", env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"]);
        Assert.Equal("1", env["DISABLE_TELEMETRY"]);
        Assert.Equal("1", env["DISABLE_AUTOUPDATER"]);
        Assert.Equal(harness.Home, env["HOME"]);
        Assert.True(Directory.Exists(harness.Home));
        Assert.NotEqual(Environment.GetEnvironmentVariable("HOME"), harness.Home);
        Assert.StartsWith(Path.GetTempPath(), env["CLAUDE_CODE_TMPDIR"]);
        Assert.True(Directory.Exists(env["XDG_RUNTIME_DIR"]));
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("GROVE_") || k == "ANTHROPIC_AUTH_TOKEN");
    }

    [Fact]
    public async Task Dispose_DeletesTheTemporaryHome()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        var harness = new ClaudeCliHarness(api, binaryPath: "/bin/true");
        var home = harness.Home;

        harness.Dispose();

        Assert.False(Directory.Exists(home));
    }

    [Fact]
    public async Task RawRunner_WritesJsonLines_AndReadsThemBackAsJson()
    {
        // /bin/cat stands in for the CLI: whatever goes to stdin comes back on stdout.
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        using var harness = new ClaudeCliHarness(api, binaryPath: "/bin/cat");
        await using var process = harness.Start(harness.Home, []);

        await process.SendUserMessageAsync("échoed ✓", ct);
        var line = await process.ReadLineAsync(ct);
        process.CloseStandardInput();

        Assert.True(ClaudeCliProcess.IsType(line, "user"));
        Assert.Equal("échoed ✓", line.GetProperty("message").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(0, await process.WaitForExitAsync(ct));
        var afterExit = await Assert.ThrowsAsync<InvalidOperationException>(() => process.ReadLineAsync(ct));
        Assert.Contains("exited (0)", afterExit.Message);
    }

    [Fact]
    public async Task RawRunner_Dispose_KillsARunningProcess()
    {
        var ct = TestTimeouts.Token(TestContext.Current.CancellationToken);
        await using var api = await FakeAnthropicServer.StartAsync(ct);
        // sleep ignores stdin: only a kill ends it before the test's timeout.
        using var harness = new ClaudeCliHarness(api, binaryPath: "/bin/sleep");
        var process = harness.Start(harness.Home, ["600"]);
        using var running = System.Diagnostics.Process.GetProcessById(process.ProcessId);

        await process.DisposeAsync();

        await running.WaitForExitAsync(ct);
        Assert.True(running.HasExited);
    }

    [Fact]
    public void LocateBinary_OnThisMachine_FindsThePinnedNativeBinary()
    {
        // Real-CLI tests need the install; this names the fix when it is missing instead of skipping.
        var path = ClaudeCliHarness.LocateBinary();

        Assert.True(File.Exists(path));
    }
}
