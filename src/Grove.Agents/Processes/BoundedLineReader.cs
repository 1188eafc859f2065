using System.Runtime.CompilerServices;

namespace Grove.Agents.Processes;

/// <summary>One line read by <see cref="BoundedLineReader"/>: its bytes, or only its length when it was too long.</summary>
internal readonly record struct LineRead(ReadOnlyMemory<byte> Bytes, long OverlongLength)
{
    /// <summary>True when the line exceeded the limit; its bytes were dropped and <see cref="Bytes"/> is empty.</summary>
    public bool IsOverlong => OverlongLength > 0;
}

/// <summary>
/// Reads <c>\n</c>-terminated lines from a stream in chunks, as raw bytes (decoding is the
/// caller's choice). A line longer than the limit is skipped to its end and reported by length
/// only, so memory stays bounded by the limit whatever the process prints.
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLineBytes, int chunkBytes = 64 * 1024)
{
    private const int KeepCapacity = 1024 * 1024;

    private readonly Stream _stream = stream;
    private readonly int _maxLineBytes = maxLineBytes;
    private readonly byte[] _chunk = new byte[chunkBytes];
    private int _chunkStart;
    private int _chunkEnd;
    private byte[] _line = new byte[4096];
    private int _lineLength;
    private bool _eof;

    /// <summary>The next line without its terminator (and without a trailing <c>\r</c>), or null at end of stream.</summary>
    /// <remarks>
    /// Await each call once, before the next: a read that has to wait for the pipe (with many agents, nearly every
    /// line) keeps its state in a pooled box instead of a new one per line.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LineRead?> ReadLineAsync(CancellationToken cancellationToken)
    {
        ShrinkIfLarge();
        _lineLength = 0;
        long overlong = 0;
        while (true)
        {
            if (_chunkStart == _chunkEnd)
            {
                if (_eof || !await FillAsync(cancellationToken))
                {
                    if (_lineLength == 0 && overlong == 0)
                    {
                        return null;
                    }

                    return Finish(overlong);
                }
            }

            var available = _chunk.AsSpan(_chunkStart, _chunkEnd - _chunkStart);
            var newline = available.IndexOf((byte)'\n');
            var segment = newline < 0 ? available : available[..newline];
            _chunkStart += newline < 0 ? available.Length : newline + 1;

            if (overlong > 0)
            {
                overlong += segment.Length;
            }
            else if (_lineLength + segment.Length > _maxLineBytes)
            {
                overlong = (long)_lineLength + segment.Length;
                _lineLength = 0;
            }
            else
            {
                Append(segment);
            }

            if (newline >= 0)
            {
                return Finish(overlong);
            }
        }
    }

    private LineRead Finish(long overlong)
    {
        if (overlong > 0)
        {
            return new LineRead(ReadOnlyMemory<byte>.Empty, overlong);
        }

        var length = _lineLength > 0 && _line[_lineLength - 1] == (byte)'\r' ? _lineLength - 1 : _lineLength;
        return new LineRead(_line.AsMemory(0, length), 0);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_chunk, cancellationToken);
        _chunkStart = 0;
        _chunkEnd = read;
        if (read == 0)
        {
            _eof = true;
        }

        return read > 0;
    }

    private void Append(ReadOnlySpan<byte> segment)
    {
        if (_lineLength + segment.Length > _line.Length)
        {
            var size = Math.Min(Math.Max(_line.Length * 2, _lineLength + segment.Length), _maxLineBytes);
            Array.Resize(ref _line, size);
        }

        segment.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += segment.Length;
    }

    private void ShrinkIfLarge()
    {
        if (_line.Length > KeepCapacity)
        {
            _line = new byte[4096];
        }
    }
}
