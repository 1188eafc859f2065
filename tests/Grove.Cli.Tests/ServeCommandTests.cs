using System.Text;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary><c>grove serve</c> in a terminal: what the user reads first.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task The_banner_is_the_first_thing_on_the_console()
    {
        using var grove = new CliRunner();
        var terminal = new Terminal("Press Ctrl-C to stop."); // stdout and stderr on one screen, as a user sees them
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestTimeouts.Token(TestContext.Current.CancellationToken));
        var environment = new Dictionary<string, string> { ["GROVE_HOME"] = grove.Home };

        var serve = GroveCli.RunAsync(["serve", "--no-open", "--port", "0"], terminal, terminal, key => environment.GetValueOrDefault(key), stop.Token);
        await terminal.Seen.WaitAsync(stop.Token);
        await stop.CancelAsync();
        Assert.Equal(ExitCodes.Success, await serve);

        var lines = terminal.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Grove is running on http://127.0.0.1:", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(lines.TakeWhile(l => l != "Press Ctrl-C to stop."), l => l.StartsWith('['));
    }

    /// <summary>A console for both streams that says when a line was written.</summary>
    private sealed class Terminal(string awaited) : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => Append(value.ToString());

        public override void Write(string? value) => Append(value);

        public override void WriteLine(string? value) => Append(value + NewLine);

        public override string ToString()
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }

        private void Append(string? value)
        {
            lock (_text)
            {
                _text.Append(value);
                if (_text.ToString().Contains(awaited, StringComparison.Ordinal))
                {
                    _seen.TrySetResult();
                }
            }
        }
    }
}
