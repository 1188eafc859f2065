using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Grove.Server.Tests.TestServices;

namespace Grove.Server.Tests;

public sealed class HardeningTests
{
    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("127.0.0.1:1")]
    [InlineData("192.168.1.10:{port}")]
    public async Task ForeignHost_IsRefused_EvenWithTheToken(string host)
    {
        await using var bed = await ServerBed.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/projects");
        request.Headers.Host = host.Replace("{port}", bed.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await bed.Client.SendAsync(request, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task LoopbackHostNames_AreAccepted(string name)
    {
        await using var bed = await ServerBed.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/projects");
        request.Headers.Host = $"{name}:{bed.Port}";

        using var response = await bed.Client.SendAsync(request, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CrossOriginPost_IsForbidden_SameOriginPostWorks()
    {
        await using var bed = await ServerBed.StartAsync();
        using var repo = Grove.Testing.TestRepository.Create();

        async Task<HttpResponseMessage> Post(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "api/projects") { Content = JsonContent(new { path = repo.Path }) };
            request.Headers.Add("Origin", origin);
            return await bed.Client.SendAsync(request, ServerBed.Ct);
        }

        using var foreign = await Post("http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Empty(await bed.GetJsonAsync<List<object>>("api/projects"));

        using var own = await Post($"http://127.0.0.1:{bed.Port}");
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
    }

    [Fact]
    public async Task CrossOriginEventStream_IsForbidden()
    {
        await using var bed = await ServerBed.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/tabs/tab_x/stream");
        request.Headers.Add("Origin", "http://evil.example");
        request.Headers.Add("Accept", "text/event-stream");

        using var response = await bed.Client.SendAsync(request, ServerBed.Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SecurityHeaders_AreOnEveryResponse(bool authenticated)
    {
        await using var bed = await ServerBed.StartAsync();

        using var response = await (authenticated ? bed.Client : bed.Anonymous).GetAsync("api/projects", ServerBed.Ct);

        Assert.Equal(authenticated ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("base-uri 'self'", csp); // <base href="/"> must work on nested UI routes
        Assert.Contains($"ws://127.0.0.1:{bed.Port}", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task Server_ListensOnLoopbackOnly()
    {
        await using var bed = await ServerBed.StartAsync();

        var address = Assert.Single(bed.Server.ListeningAddresses);
        Assert.Equal($"http://127.0.0.1:{bed.Port}", address);

        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        foreach (var ip in external)
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(async () => await client.ConnectAsync(ip, bed.Port, ServerBed.Ct));
        }

        using var loopback = new TcpClient();
        await loopback.ConnectAsync(IPAddress.Loopback, bed.Port, ServerBed.Ct);
        Assert.True(loopback.Connected);
    }

    private static StringContent JsonContent(object value) =>
        new(System.Text.Json.JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}
