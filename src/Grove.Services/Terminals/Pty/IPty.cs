using Grove.Core.Terminals;

namespace Grove.Services.Terminals.Pty;

/// <summary>What to start on a new pseudo-terminal: a program (full path), its arguments, folder, environment and size.</summary>
internal sealed record PtyStartInfo(
    string Program,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    TerminalSize Size);

/// <summary>
/// A program running on a pseudo-terminal: its output is read with <see cref="Read"/> (blocking, on
/// a thread of the caller's own), input written with <see cref="Write"/>. <see cref="WaitForExit"/>
/// blocks until the program ends and returns its exit code (128 + signal when killed).
/// </summary>
internal interface IPty : IDisposable
{
    int ProcessId { get; }

    /// <summary>Reads output; 0 when the terminal's other side is closed (every process holding it has ended).</summary>
    int Read(Span<byte> buffer);

    /// <summary>Writes all of <paramref name="input"/> (blocks while the terminal's input queue is full).</summary>
    void Write(ReadOnlySpan<byte> input);

    void Resize(TerminalSize size);

    /// <summary>Blocks until the program exits; its exit code.</summary>
    int WaitForExit();

    /// <summary>Hangs up: SIGHUP to the program's session (Windows: closes the console).</summary>
    void HangUp();

    /// <summary>Kills every process of the program's session at once.</summary>
    void Kill();
}

/// <summary>Starts programs on a new pseudo-terminal: <see cref="UnixPty"/> on Linux and macOS, <see cref="WindowsPty"/> (ConPTY) on Windows.</summary>
internal static class PtyFactory
{
    public static IPty Start(PtyStartInfo startInfo) =>
        OperatingSystem.IsWindows() ? WindowsPty.Start(startInfo) : UnixPty.Start(startInfo);
}
