using Grove.Core.Net;

namespace Grove.Services.Tests;

/// <summary>
/// The integrations' HTTP clients (analytics, update check, account, voice) are made on their first use
/// (issue 12: no System.Net.Http in an idle server); their requests are covered by the update, account
/// and voice tests against fake servers on loopback.
/// </summary>
public sealed class FirstUseHttpClientTests
{
    [Fact]
    public async Task The_client_is_made_once_on_first_use_and_disposed_with_its_holder()
    {
        var made = 0;
        var holder = new FirstUseHttpClient(() =>
        {
            Interlocked.Increment(ref made);
            return new HttpClient();
        });
        Assert.False(holder.IsCreated);
        Assert.Equal(0, made);

        var clients = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => holder.Value, TestContext.Current.CancellationToken)));

        Assert.True(holder.IsCreated);
        Assert.All(clients, client => Assert.Same(clients[0], client));
        Assert.Same(clients[0], holder.Value);
        holder.Dispose();
        Assert.False(holder.IsCreated);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => clients[0].GetAsync(new Uri("http://127.0.0.1:9/"), TestContext.Current.CancellationToken));
        Assert.Throws<ObjectDisposedException>(() => holder.Value);
    }
}
