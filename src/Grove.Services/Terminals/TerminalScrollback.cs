namespace Grove.Services.Terminals;

/// <summary>
/// The newest output of a terminal, bounded by bytes and by lines, so a reload or a second
/// browser reattaches with history. Whole chunks are dropped from the front; when that cuts into
/// a line, the rest of that line is dropped too, so a replay starts at a line's beginning.
/// Not thread-safe: the session holds its lock around it.
/// </summary>
internal sealed class TerminalScrollback(int maxBytes = TerminalScrollback.DefaultMaxBytes, int maxLines = TerminalScrollback.DefaultMaxLines)
{
    public const int DefaultMaxBytes = 1024 * 1024;
    public const int DefaultMaxLines = 10_000;

    private readonly LinkedList<(byte[] Bytes, int Lines)> _chunks = new();
    private int _bytes;
    private int _lines;

    public int Length => _bytes;

    public int Lines => _lines;

    public void Append(ReadOnlySpan<byte> output)
    {
        if (output.IsEmpty)
        {
            return;
        }

        Add(output.ToArray(), atEnd: true);
        var cutMidLine = false;
        while (_chunks.Count > 1 && (_bytes > maxBytes || _lines > maxLines))
        {
            cutMidLine = RemoveFirst() is [.., var last] && last != (byte)'\n';
        }

        if (_bytes > maxBytes || _lines > maxLines)
        {
            // One chunk over a limit on its own: keep its tail.
            var bytes = RemoveFirst();
            var start = Math.Max(0, bytes.Length - maxBytes);
            var newlines = 0;
            for (var i = bytes.Length - 1; i > start; i--)
            {
                if (bytes[i - 1] == (byte)'\n' && ++newlines >= maxLines)
                {
                    start = i;
                    break;
                }
            }

            cutMidLine = start > 0 && bytes[start - 1] != (byte)'\n';
            Add(bytes[start..], atEnd: false);
        }

        if (cutMidLine && _chunks.First is { } first && Array.IndexOf(first.Value.Bytes, (byte)'\n') is var newline && newline >= 0 && newline < first.Value.Bytes.Length - 1)
        {
            // Start the replay at a line's beginning, not inside a character or an escape sequence.
            var bytes = RemoveFirst();
            Add(bytes[(newline + 1)..], atEnd: false);
        }
    }

    public byte[] Snapshot()
    {
        var result = new byte[_bytes];
        var offset = 0;
        foreach (var (bytes, _) in _chunks)
        {
            bytes.CopyTo(result, offset);
            offset += bytes.Length;
        }

        return result;
    }

    private void Add(byte[] bytes, bool atEnd)
    {
        var entry = (bytes, bytes.AsSpan().Count((byte)'\n'));
        if (atEnd)
        {
            _chunks.AddLast(entry);
        }
        else
        {
            _chunks.AddFirst(entry);
        }

        _bytes += bytes.Length;
        _lines += entry.Item2;
    }

    private byte[] RemoveFirst()
    {
        var (bytes, lines) = _chunks.First!.Value;
        _chunks.RemoveFirst();
        _bytes -= bytes.Length;
        _lines -= lines;
        return bytes;
    }
}
