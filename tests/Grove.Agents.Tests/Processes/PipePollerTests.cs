using System.Diagnostics;
using System.Text;
using Grove.Agents.Processes;
using Grove.Testing;

namespace Grove.Agents.Tests.Processes;

/// <summary>Agents' stdout read through the shared poller (one epoll thread): every byte in order, ends, cancels.</summary>
public sealed class PipePollerTests
{
    [Fact]
    public async Task Many_pipes_read_at_once_deliver_every_line_in_order_then_end()
    {
        const int Processes = 20;
        const int Lines = 200;
        var cats = Enumerable.Range(0, Processes).Select(_ => StartCat()).ToList();
        try
        {
            var readers = cats.Select(cat => ReadAllLinesAsync(PipePoller.Wrap(cat.StandardOutput.BaseStream))).ToList();
            // Written in uneven pieces (half lines, several lines) so reads see partial and joined lines.
            var writers = cats.Select(async (cat, n) =>
            {
                var text = string.Concat(Enumerable.Range(1, Lines).Select(i => $"pipe {n} line {i}\n"));
                var bytes = Encoding.UTF8.GetBytes(text);
                var stdin = cat.StandardInput.BaseStream;
                for (var offset = 0; offset < bytes.Length; offset += 37)
                {
                    await stdin.WriteAsync(bytes.AsMemory(offset, Math.Min(37, bytes.Length - offset)), TestContext.Current.CancellationToken);
                    await stdin.FlushAsync(TestContext.Current.CancellationToken);
                }

                stdin.Close();
            }).ToList();
            await Task.WhenAll(writers).WaitAsync(TestTimeouts.Token(TestContext.Current.CancellationToken));
            var results = await Task.WhenAll(readers).WaitAsync(TestTimeouts.Token(TestContext.Current.CancellationToken));

            for (var n = 0; n < Processes; n++)
            {
                Assert.Equal(Enumerable.Range(1, Lines).Select(i => $"pipe {n} line {i}"), results[n]);
            }
        }
        finally
        {
            foreach (var cat in cats)
            {
                cat.Kill();
                cat.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_cancelled_read_ends_with_cancellation_and_the_pipe_reads_on_afterwards()
    {
        using var cat = StartCat();
        try
        {
            await using var stdout = PipePoller.Wrap(cat.StandardOutput.BaseStream);
            Assert.False(ReferenceEquals(stdout, cat.StandardOutput.BaseStream), "on Linux the pipe is read through the poller");
            var buffer = new byte[64];

            using (var cancel = new CancellationTokenSource())
            {
                var pending = stdout.ReadAsync(buffer, cancel.Token);
                Assert.False(pending.IsCompleted);
                await cancel.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await pending);
            }

            await cat.StandardInput.BaseStream.WriteAsync("after\n"u8.ToArray(), TestContext.Current.CancellationToken);
            await cat.StandardInput.BaseStream.FlushAsync(TestContext.Current.CancellationToken);
            var read = await stdout.ReadAsync(buffer, TestTimeouts.Token(TestContext.Current.CancellationToken));
            Assert.Equal("after\n", Encoding.UTF8.GetString(buffer, 0, read));

            cat.StandardInput.Close();
            Assert.Equal(0, await stdout.ReadAsync(buffer, TestTimeouts.Token(TestContext.Current.CancellationToken)));
        }
        finally
        {
            cat.Kill();
        }
    }

    private static async Task<List<string>> ReadAllLinesAsync(Stream stdout)
    {
        await using var _ = stdout;
        var reader = new BoundedLineReader(stdout, 1024);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line)
        {
            lines.Add(Encoding.UTF8.GetString(line.Bytes.Span));
        }

        return lines;
    }

    private static Process StartCat()
    {
        var start = new ProcessStartInfo("cat")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        return Process.Start(start) ?? throw new InvalidOperationException("cat did not start");
    }
}
