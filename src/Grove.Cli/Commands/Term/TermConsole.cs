using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Grove.Core.Terminals;

namespace Grove.Cli.Commands.Term;

/// <summary>
/// This side of <c>grove term</c>: where keys come from and output goes. On a real terminal: the raw
/// standard streams, the terminal switched to raw mode with <c>stty raw -echo</c> (run as an
/// argument list, no shell) and restored with the settings <c>stty -g</c> saved, and SIGWINCH
/// reported as <see cref="Resized"/>. Otherwise (scripted input, tests): the CLI's text reader and writer.
/// </summary>
internal abstract class TermConsole : IDisposable
{
    public event Action<TerminalSize>? Resized;

    public abstract TerminalSize? Size { get; }

    /// <summary>Reads keys; 0 at the end of input.</summary>
    public abstract Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    public abstract Task WriteAsync(ReadOnlyMemory<byte> output, CancellationToken cancellationToken);

    public static TermConsole For(CliContext context)
    {
        if (OperatingSystem.IsWindows() || !ReferenceEquals(context.In, Console.In) || Console.IsInputRedirected || Console.IsOutputRedirected)
        {
            return new TextConsole(context.In, context.Out);
        }

        return new RealTerminal();
    }

    protected void OnResized(TerminalSize size) => Resized?.Invoke(size);

    public virtual void Dispose()
    {
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private sealed class RealTerminal : TermConsole
    {
        // Descriptor 0 itself: Console's own stdin stream edits lines (and takes Console's locks) on a terminal.
        private readonly FileStream _in = new(new Microsoft.Win32.SafeHandles.SafeFileHandle(0, ownsHandle: false), FileAccess.Read, bufferSize: 0);
        private readonly Stream _out = Console.OpenStandardOutput();
        private readonly string? _saved;
        private readonly PosixSignalRegistration? _winch;

        public RealTerminal()
        {
            _saved = Stty("-g")?.Trim();
            Stty("raw", "-echo");

            // .NET re-applies its own idea of the terminal after each child process (stty), signals
            // for Ctrl-C included: tell it Ctrl-C is input, so the key reaches the shell as 0x03.
            Console.TreatControlCAsInput = true;
            _winch = PosixSignalRegistration.Create(PosixSignal.SIGWINCH, context =>
            {
                context.Cancel = true;
                if (Size is { } size)
                {
                    OnResized(size);
                }
            });
        }

        public override TerminalSize? Size =>
            Console.WindowWidth > 0 && Console.WindowHeight > 0 ? new TerminalSize(Console.WindowWidth, Console.WindowHeight) : null;

        public override Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
            // A blocking read of the terminal on its own thread (it cannot be cancelled; detaching ends the process).
            Task.Run(() => _in.Read(buffer.Span), CancellationToken.None).WaitAsync(cancellationToken);

        public override async Task WriteAsync(ReadOnlyMemory<byte> output, CancellationToken cancellationToken)
        {
            await _out.WriteAsync(output, cancellationToken);
            await _out.FlushAsync(cancellationToken);
        }

        public override void Dispose()
        {
            _winch?.Dispose();
            Console.TreatControlCAsInput = false;
            if (!string.IsNullOrEmpty(_saved))
            {
                Stty(_saved);
            }
            else
            {
                Stty("sane");
            }

            base.Dispose();
        }

        /// <summary>Runs stty on this terminal (it inherits standard input); its output, or null when it failed.</summary>
        private static string? Stty(params string[] arguments)
        {
            var start = new ProcessStartInfo("stty") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return process.ExitCode == 0 ? output : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }
    }

    private sealed class TextConsole(TextReader input, TextWriter output) : TermConsole
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        private readonly char[] _chars = new char[4096];

        public override TerminalSize? Size => null;

        public override async Task<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            var read = await input.ReadAsync(_chars.AsMemory(0, Math.Min(_chars.Length, buffer.Length / 4)), cancellationToken);
            return read == 0 ? 0 : Encoding.UTF8.GetBytes(_chars.AsSpan(0, read), buffer.Span);
        }

        public override async Task WriteAsync(ReadOnlyMemory<byte> output1, CancellationToken cancellationToken)
        {
            var chars = new char[_decoder.GetCharCount(output1.Span, flush: false)];
            _decoder.GetChars(output1.Span, chars, flush: false);
            await output.WriteAsync(chars, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
    }
}
