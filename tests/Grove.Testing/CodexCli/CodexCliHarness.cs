namespace Grove.Testing;

/// <summary>
/// Where the real, pinned Codex CLI is and what it needs to run isolated against a
/// <see cref="FakeResponsesServer"/>: its own temp HOME and <c>CODEX_HOME</c> (never the user's
/// <c>~/.codex</c>), a test key, and the model the tests use. Hand <see cref="Environment"/> to
/// Grove's driver as the run's extra environment.
/// </summary>
public sealed class CodexCliHarness : IDisposable
{
    /// <summary>The CLI version the tests pin; <c>.ci/install-codex.sh</c> installs it.</summary>
    public const string Version = "0.171.0";

    /// <summary>Environment variable naming the codex binary; otherwise the default install folder is used.</summary>
    public const string PathVariable = "GROVE_CODEX_PATH";

    /// <summary>
    /// A model in Codex 0.171.0's built-in catalog whose tools include <c>exec_command</c> and
    /// <c>apply_patch</c> (an unknown model gets fallback metadata without <c>apply_patch</c>).
    /// </summary>
    public const string Model = "gpt-5.5";

    private readonly TempDirectory _root;
    private readonly Dictionary<string, string> _environment;

    public CodexCliHarness(string? binaryPath = null)
    {
        BinaryPath = binaryPath ?? LocateBinary();
        _root = new TempDirectory("grove-codex");
        Home = _root.Combine("home");
        CodexHome = _root.Combine("codex-home");
        TempPath = _root.Combine("tmp");
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(CodexHome);
        Directory.CreateDirectory(TempPath);
        _environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = Home,
            ["CODEX_HOME"] = CodexHome,
            ["TMPDIR"] = TempPath,
            ["OPENAI_API_KEY"] = "sk-test-key",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
        };
    }

    public string BinaryPath { get; }

    public string Home { get; }

    /// <summary>Codex's state folder for this harness (threads live under <c>sessions/</c>).</summary>
    public string CodexHome { get; }

    public string TempPath { get; }

    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>The pinned binary: <c>GROVE_CODEX_PATH</c>, else <c>~/.cache/grove/codex-0.171.0</c>; throws with the fix when missing.</summary>
    public static string LocateBinary()
    {
        var configured = System.Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new CodexCliNotInstalledException($"{PathVariable} is '{configured}', which does not exist; run .ci/install-codex.sh.");
        }

        var home = System.Environment.GetEnvironmentVariable("HOME") ?? "";
        var fallback = Path.Combine(home, ".cache", "grove", $"codex-{Version}", "node_modules", ".bin", "codex");
        return File.Exists(fallback)
            ? fallback
            : throw new CodexCliNotInstalledException(
                $"The pinned Codex CLI {Version} was not found ({PathVariable} is not set and {fallback} does not exist); run `export {PathVariable}=\"$(.ci/install-codex.sh | tail -n 1)\"`.");
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>The pinned Codex CLI is not where the tests look for it.</summary>
public sealed class CodexCliNotInstalledException(string message) : Exception(message);
