using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Grove.Services.Agents;

namespace Grove.Cli.Remote;

/// <summary>Reads a Server-Sent Events body into <see cref="LiveEvent"/>s (comments and heartbeats skipped).</summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<LiveEvent> ReadAsync(Stream body, string tabId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        long? id = null;
        string? kind = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (kind is not null || data.Length > 0)
                {
                    yield return new LiveEvent(tabId, id, kind ?? "message", data.ToString(), DateTimeOffset.UtcNow);
                }

                id = null;
                kind = null;
                data.Clear();
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
                    break;
                case "event":
                    kind = value;
                    break;
                case "data":
                    if (data.Length > 0)
                    {
                        data.Append('\n');
                    }

                    data.Append(value);
                    break;
            }
        }
    }
}
