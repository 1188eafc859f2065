namespace Grove.Agents.Processes;

/// <summary>
/// Appends raw lines (one per line, as received) to a file; when it passes the size limit, the
/// file is renamed to <c>&lt;name&gt;.1</c> (replacing an older one) and a new file is started.
/// Failures to write are reported once through the callback and otherwise ignored: a debug log
/// must never stop an agent. With <c>redact</c>, each line is written as the redactor returns it
/// (secrets masked), never as received.
/// </summary>
internal sealed class RotatingLineLog(string path, long maxBytes = RotatingLineLog.DefaultMaxBytes, Action<Exception>? onError = null, Func<string, string>? redact = null) : IDisposable
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    private readonly Lock _lock = new();
    private FileStream? _file;
    private bool _failed;

    public string Path { get; } = path;

    public void Write(ReadOnlySpan<byte> line)
    {
        if (redact is not null)
        {
            var text = System.Text.Encoding.UTF8.GetString(line);
            var redacted = redact(text);
            if (!ReferenceEquals(redacted, text) && !string.Equals(redacted, text, StringComparison.Ordinal))
            {
                line = System.Text.Encoding.UTF8.GetBytes(redacted);
            }
        }

        lock (_lock)
        {
            if (_failed)
            {
                return;
            }

            try
            {
                var file = _file ??= Open();
                if (file.Length > 0 && file.Length + line.Length + 1 > maxBytes)
                {
                    file.Dispose();
                    File.Move(Path, Path + ".1", overwrite: true);
                    file = _file = Open();
                }

                file.Write(line);
                file.WriteByte((byte)'\n');
                file.Flush();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _failed = true;
                onError?.Invoke(ex);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private FileStream Open()
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }
}
