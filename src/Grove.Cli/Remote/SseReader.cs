using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Grove.Services.Agents;

namespace Grove.Cli.Remote;

/// <summary>
/// Reads a Server-Sent Events body into <see cref="LiveEvent"/>s with .NET's
/// <see cref="SseParser"/> (comments and heartbeats skipped). An event's <c>id:</c> is its
/// transcript sequence; events without one (partial text, statuses) have none.
/// </summary>
internal static class SseReader
{
    public static async IAsyncEnumerable<LiveEvent> ReadAsync(Stream body, string tabId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            yield return new LiveEvent(tabId, Sequence(item.EventId), item.EventType, item.Data, DateTimeOffset.UtcNow);
        }
    }

    private static long? Sequence(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : null;
}
