namespace Grove.Server.Security;

/// <summary>Where this server listens: the port and the origins and hosts it accepts as its own.</summary>
public sealed class ServerEndpoint(int port)
{
    public int Port { get; } = port;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The only Host header values accepted (DNS-rebinding defence).</summary>
    public IReadOnlySet<string> AllowedHosts { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        $"127.0.0.1:{port}", $"localhost:{port}", $"[::1]:{port}",
    };

    /// <summary>The only Origin header values accepted on state-changing and streaming requests.</summary>
    public IReadOnlySet<string> AllowedOrigins { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        $"http://127.0.0.1:{port}", $"http://localhost:{port}", $"http://[::1]:{port}",
    };

    public string LoginUrl(ServerToken token) => $"http://127.0.0.1:{Port}/login?token={token.Value}";
}
