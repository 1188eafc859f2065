using Grove.Agents.ClaudeCode;
using Grove.Testing;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class ClaudeInstallerTests : IDisposable
{
    private static readonly byte[] Elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];

    private readonly TempDirectory _temp = new("grove-install");

    private string Scope => _temp.Combine("node_modules", "@anthropic-ai");

    private string WrapperBinary => Path.Combine(Scope, "claude-code", "bin", "claude.exe");

    private void Write(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
    }

    [Fact]
    public void Install_command_pins_the_version_into_groves_tools_folder()
    {
        var installer = new ClaudeInstaller(new ClaudeCodeOptions { ToolsDirectory = "/data/tools" }, new AgentHostEnvironment(new Dictionary<string, string>(), "/home"));

        var command = installer.BuildInstallCommand();

        Assert.Equal("npm", command.FileName);
        Assert.Equal(["install", "--prefix", "/data/tools/claude-code", "--no-audit", "--no-fund", "--loglevel", "error", "@anthropic-ai/claude-code@2.1.328"], command.Arguments);
        Assert.Equal("/data/tools/claude-code", installer.InstallDirectory);
    }

    [Fact]
    public async Task Placeholder_is_replaced_by_a_hard_link_to_the_platform_binary()
    {
        Write(WrapperBinary, "placeholder: postinstall did not run"u8.ToArray());
        var native = Path.Combine(Scope, "claude-code-linux-x64", "claude");
        Write(native, Elf);

        var path = await NativeBinaryFix.ApplyAsync(_temp.Path, TestContext.Current.CancellationToken);

        Assert.Equal(_temp.Combine("node_modules", ".bin", "claude"), path);
        Assert.True(NativeBinaryFix.IsNativeExecutable(WrapperBinary));
        File.AppendAllText(native, "more");
        Assert.Equal(File.ReadAllBytes(native), File.ReadAllBytes(WrapperBinary));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(WrapperBinary).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(WrapperBinary, new FileInfo(path!).ResolveLinkTarget(true)!.FullName);
    }

    [Fact]
    public async Task Install_runs_npm_from_the_host_path_then_fixes_the_binary()
    {
        var tools = _temp.Combine("data", "tools");
        var target = Path.Combine(tools, "claude-code", "node_modules", "@anthropic-ai");
        // A stand-in npm: records its arguments and lays out what the real one leaves when it skips the postinstall.
        TestServices.Scripts.Write(_temp.Combine("bin", "npm"), $"""
            echo "$@" > '{_temp.Combine("npm-args")}'
            mkdir -p '{target}/claude-code/bin' '{target}/claude-code-linux-x64'
            echo placeholder > '{target}/claude-code/bin/claude.exe'
            printf 'ELF-fake' > '{target}/claude-code-linux-x64/claude'
            """);
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = _temp.Combine("bin") + ":/usr/bin:/bin" }, _temp.Path);
        var installer = new ClaudeInstaller(new ClaudeCodeOptions { ToolsDirectory = tools }, host);

        var path = await installer.InstallAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Path.Combine(tools, "claude-code", "node_modules", ".bin", "claude"), path);
        Assert.True(NativeBinaryFix.IsNativeExecutable(Path.Combine(target, "claude-code", "bin", "claude.exe")));
        Assert.Equal($"install --prefix {tools}/claude-code --no-audit --no-fund --loglevel error @anthropic-ai/claude-code@{ClaudeVersion.Pinned}", File.ReadAllText(_temp.Combine("npm-args")).Trim());
    }

    [Fact]
    public async Task Failing_npm_is_reported_with_exit_code_and_masked_stderr()
    {
        TestServices.Scripts.Write(_temp.Combine("bin", "npm"), "echo 'npm ERR! 403 token sk-ant-api03-abcdefghijkl rejected' >&2; exit 7");
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = _temp.Combine("bin") + ":/usr/bin:/bin" }, _temp.Path);
        var installer = new ClaudeInstaller(new ClaudeCodeOptions { ToolsDirectory = _temp.Combine("tools") }, host);

        var error = await Assert.ThrowsAsync<Grove.Core.Agents.AgentException>(() => installer.InstallAsync(TestContext.Current.CancellationToken));

        Assert.Contains("exit code 7", error.Message);
        Assert.Contains("npm ERR! 403", error.Message);
        Assert.DoesNotContain("abcdefghijkl", error.Message);
    }

    [Fact]
    public async Task A_binary_already_in_place_is_left_alone()
    {
        Write(WrapperBinary, [.. Elf, 9, 9]);

        await NativeBinaryFix.ApplyAsync(_temp.Path, TestContext.Current.CancellationToken);

        Assert.Equal([.. Elf, 9, 9], File.ReadAllBytes(WrapperBinary));
    }

    [Fact]
    public async Task No_native_binary_anywhere_returns_null()
    {
        Write(WrapperBinary, "placeholder"u8.ToArray());
        Write(Path.Combine(Scope, "claude-code-linux-x64", "claude"), "also not a binary"u8.ToArray());

        Assert.Null(await NativeBinaryFix.ApplyAsync(_temp.Path, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46 }, true)]
    [InlineData(new byte[] { 0xCF, 0xFA, 0xED, 0xFE }, true)]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0, 0 }, true)]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/', (byte)'b' }, false)]
    [InlineData(new byte[] { 0x7F }, false)]
    public void Recognises_native_executables(byte[] head, bool expected)
    {
        var file = _temp.Combine("f");
        File.WriteAllBytes(file, head);

        Assert.Equal(expected, NativeBinaryFix.IsNativeExecutable(file));
    }

    public void Dispose() => _temp.Dispose();
}
