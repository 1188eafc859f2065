namespace Grove.Core.Net;

/// <summary>
/// A service's one <see cref="HttpClient"/>, made on its first use (issue 12): a client made with the service
/// (a field initializer) loaded System.Net.Http and its handler's types into every server at start-up, idle
/// or not, for analytics, update checks, sign-in or an Ollama probe that may never send a request.
/// </summary>
/// <remarks>
/// Nothing here names <see cref="HttpClient"/> in a type the constructor makes: a <c>Lazy&lt;HttpClient&gt;</c>
/// or <c>Func&lt;HttpClient&gt;</c> built with the service would load the assembly just the same.
/// </remarks>
public sealed class FirstUseHttpClient(Func<object> create) : IDisposable
{
    private object? _client;
    private bool _disposed;

    /// <summary>The client, made by the first caller (a racing second one is disposed).</summary>
    public HttpClient Value => (HttpClient)(Volatile.Read(ref _client) ?? Create());

    /// <summary>True once <see cref="Value"/> made the client.</summary>
    public bool IsCreated => Volatile.Read(ref _client) is not null;

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        (Interlocked.Exchange(ref _client, null) as IDisposable)?.Dispose();
    }

    private object Create()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        var made = create();
        if (Interlocked.CompareExchange(ref _client, made, null) is { } first)
        {
            ((IDisposable)made).Dispose();
            return first;
        }

        return made;
    }
}
