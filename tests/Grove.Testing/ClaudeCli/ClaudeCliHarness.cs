namespace Grove.Testing;

/// <summary>
/// Runs the real, pinned Claude Code CLI in isolation against a <see cref="FakeAnthropicServer"/>:
/// its own temp HOME, tmp and runtime folders, the fake's URL and a test key, no telemetry, few retries.
/// <see cref="Environment"/> is exactly what a process under test gets (hand it to Grove's driver);
/// <see cref="Start"/> runs the CLI directly for tests of the harness itself. Reuse one harness for
/// several processes that must share sessions (<c>--resume</c>).
/// </summary>
public sealed class ClaudeCliHarness : IDisposable
{
    /// <summary>The CLI version the tests pin; <c>.ci/install-claude.sh</c> installs it.</summary>
    public const string Version = "2.1.328";

    /// <summary>Environment variable naming the claude binary; otherwise the default install folder is used.</summary>
    public const string PathVariable = "GROVE_CLAUDE_PATH";

    /// <summary>Default <c>CLAUDE_CODE_MAX_RETRIES</c>: a retry test sees one retry quickly.</summary>
    public const int DefaultMaxRetries = 2;

    /// <summary>The command line Grove uses: bidirectional stream-json with permission asks on stdio.</summary>
    public static readonly IReadOnlyList<string> BidirectionalArguments =
    [
        "--input-format", "stream-json",
        "--output-format", "stream-json",
        "--verbose",
        "--permission-prompt-tool", "stdio",
        "--include-partial-messages",
    ];

    private readonly TempDirectory _root;
    private readonly Dictionary<string, string> _environment;

    public ClaudeCliHarness(FakeAnthropicServer server, int maxRetries = DefaultMaxRetries, string? binaryPath = null)
    {
        BinaryPath = binaryPath ?? LocateBinary();
        _root = new TempDirectory("grove-claude");
        Home = _root.Combine("home");
        TempPath = _root.Combine("tmp");
        RuntimePath = _root.Combine("run");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(TempPath);
        Directory.CreateDirectory(RuntimePath);
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = Home,
            ["CLAUDE_CODE_TMPDIR"] = TempPath,
            ["XDG_RUNTIME_DIR"] = RuntimePath,
            ["TMPDIR"] = TempPath,
            ["ANTHROPIC_BASE_URL"] = server.BaseUrl.ToString().TrimEnd('/'),
            ["ANTHROPIC_API_KEY"] = "test-key",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["CLAUDE_CODE_MAX_RETRIES"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
    }

    /// <summary>The claude executable.</summary>
    public string BinaryPath { get; }

    /// <summary>The CLI's HOME: <c>.claude/</c> (sessions, transcripts) and <c>.claude.json</c> land here.</summary>
    public string Home { get; }

    public string TempPath { get; }

    public string RuntimePath { get; }

    /// <summary>
    /// Every variable the CLI needs, and nothing from the machine: start it with a cleared
    /// environment plus these.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Adds or replaces a variable for processes started after this call.</summary>
    public ClaudeCliHarness WithVariable(string name, string value)
    {
        _environment[name] = value;
        return this;
    }

    /// <summary>The folder where the CLI keeps the transcripts of sessions started in <paramref name="workingDirectory"/>.</summary>
    public string ProjectFolder(string workingDirectory) =>
        Path.Combine(Home, ".claude", "projects", workingDirectory.Replace('/', '-').Replace('.', '-'));

    /// <summary>
    /// Finds the claude binary: <c>$GROVE_CLAUDE_PATH</c>, else the default install folder of
    /// <c>.ci/install-claude.sh</c>. Throws <see cref="ClaudeCliNotInstalledException"/> when absent.
    /// </summary>
    public static string LocateBinary() =>
        LocateBinary(System.Environment.GetEnvironmentVariable(PathVariable), System.Environment.GetEnvironmentVariable("HOME"));

    /// <summary>The lookup behind <see cref="LocateBinary()"/>, with its inputs explicit.</summary>
    public static string LocateBinary(string? configuredPath, string? home)
    {
        if (!string.IsNullOrEmpty(configuredPath))
        {
            if (File.Exists(configuredPath))
            {
                return configuredPath;
            }

            throw new ClaudeCliNotInstalledException(
                $"{PathVariable} is set to '{configuredPath}', but no file is there. Run .ci/install-claude.sh " +
                $"(it prints the binary path on its last line) and set {PathVariable} to that path.");
        }

        var folder = DefaultInstallFolder(home);
        string[] candidates =
        [
            Path.Combine(folder, "node_modules", ".bin", "claude"),
            Path.Combine(folder, "node_modules", "@anthropic-ai", "claude-code", "bin", "claude.exe"),
        ];
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && IsNativeExecutable(candidate))
            {
                return candidate;
            }
        }

        throw new ClaudeCliNotInstalledException(
            $"The Claude Code CLI {Version} is not installed in {folder}. Run .ci/install-claude.sh " +
            $"(or set {PathVariable} to a claude {Version} binary).");
    }

    /// <summary>Where <c>.ci/install-claude.sh</c> installs by default.</summary>
    public static string DefaultInstallFolder(string? home) =>
        Path.Combine(string.IsNullOrEmpty(home) ? "/root" : home, ".cache", "grove", $"claude-code-{Version}");

    /// <summary>Starts the CLI (no shell) in <paramref name="workingDirectory"/> with <see cref="Environment"/>.</summary>
    public ClaudeCliProcess Start(string workingDirectory, IEnumerable<string> arguments) =>
        ClaudeCliProcess.Start(BinaryPath, workingDirectory, arguments, Environment);

    /// <summary>Starts the CLI as Grove runs it (<see cref="BidirectionalArguments"/>), plus <paramref name="extraArguments"/>.</summary>
    public ClaudeCliProcess StartBidirectional(string workingDirectory, params string[] extraArguments) =>
        Start(workingDirectory, [.. BidirectionalArguments, .. extraArguments]);

    public void Dispose() => _root.Dispose();

    private static bool IsNativeExecutable(string path)
    {
        // The npm wrapper leaves a placeholder script when its postinstall did not run.
        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4
            && magic.SequenceEqual("\u007FELF"u8);
    }
}
