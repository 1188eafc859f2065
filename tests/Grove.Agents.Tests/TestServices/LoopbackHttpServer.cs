using System.Net;
using System.Text;
using Grove.Testing;

namespace Grove.Agents.Tests.TestServices;

/// <summary>A tiny HTTP server on 127.0.0.1 answering every request with one fixed response (or never, to test timeouts).</summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttpServer(int status, string body, bool hang = false)
    {
        var port = LoopbackPorts.Free();
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _ = ServeAsync(status, body, hang);
    }

    public string BaseUrl { get; }

    public List<string> Paths { get; } = [];

    private async Task ServeAsync(int status, string body, bool hang)
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            lock (Paths)
            {
                Paths.Add(context.Request.Url!.AbsolutePath);
            }

            if (hang)
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }


    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
