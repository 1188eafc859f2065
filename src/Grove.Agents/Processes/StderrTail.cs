namespace Grove.Agents.Processes;

/// <summary>Keeps the last lines a process wrote to stderr (each line capped), thread-safe.</summary>
internal sealed class StderrTail(int maxLines = 50, int maxLineChars = 2000)
{
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();

    public void Add(string line)
    {
        if (line.Length > maxLineChars)
        {
            line = string.Concat(line.AsSpan(0, maxLineChars), "…");
        }

        lock (_lock)
        {
            _lines.Enqueue(line);
            while (_lines.Count > maxLines)
            {
                _lines.Dequeue();
            }
        }
    }

    /// <summary>The kept lines joined with <c>\n</c>; empty when nothing was written.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            return string.Join('\n', _lines);
        }
    }
}
