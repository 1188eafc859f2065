using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Grove.Git.Running;

/// <summary>The child process's pipes and lifetime: stdin written then closed, stderr drained line by line, the tree killed.</summary>
internal sealed partial class GitRunner
{
    private static async Task WriteStandardInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input);
                await process.StandardInput.FlushAsync();
            }
        }
        catch (IOException)
        {
            // git exited without reading all of stdin; its exit code tells the story.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>All of stdout, or its first <paramref name="maxChars"/> characters (the rest is drained, never kept), with the total length.</summary>
    private static async Task<(string Text, long Length)> ReadStandardOutputAsync(StreamReader reader, int? maxChars)
    {
        if (maxChars is not { } max)
        {
            var all = await reader.ReadToEndAsync(CancellationToken.None);
            return (all, all.Length);
        }

        var text = new StringBuilder();
        var buffer = new char[16 * 1024];
        long length = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            if (text.Length < max)
            {
                text.Append(buffer, 0, (int)Math.Min(read, max - text.Length));
            }

            length += read;
        }

        return (text.ToString(), length);
    }

    private static async Task<string> ReadStandardErrorAsync(StreamReader reader, Action<string>? onProgress)
    {
        var text = new StringBuilder();
        Exception? callbackFailure = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            text.Append(line).Append('\n');
            if (onProgress is not null && line.Length > 0)
            {
                try
                {
                    onProgress(Core.Security.SecretPatterns.Redact(line));
                }
                catch (Exception ex)
                {
                    // Keep draining stderr so git never blocks on a full pipe; report the failure after.
                    callbackFailure = ex;
                    onProgress = null;
                }
            }
        }

        if (callbackFailure is not null)
        {
            throw new InvalidOperationException("The progress callback failed.", callbackFailure);
        }

        return text.ToString();
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
        }
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }
}
