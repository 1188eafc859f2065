using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>The hub's kind-filtered subscription (a composer's): only the kinds it asked for reach it, in order, live only.</summary>
public sealed class TabEventHubTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_kinds_subscriber_gets_only_its_kinds_of_its_tab_in_order_while_a_full_subscriber_gets_everything()
    {
        await using var app = await TestApp.StartAsync();
        var hub = new TabEventHub(app.App.Get<ITranscriptStore>());
        string[] kinds = [TabEventHub.StatusKind, "queued"];
        await using var notices = hub.SubscribeKindsAsync("tab-a", kinds, Ct).GetAsyncEnumerator(Ct);
        var firstNotice = notices.MoveNextAsync();
        await using var everything = hub.SubscribeAsync("tab-a", long.MaxValue, includeLiveOnly: true, Ct).GetAsyncEnumerator(Ct);
        var firstOfAll = everything.MoveNextAsync();
        Assert.Equal(2, hub.SubscriberCount("tab-a"));

        var at = DateTimeOffset.UnixEpoch;
        hub.Publish(new LiveEvent("tab-a", null, "delta", """{"delta":"hel"}""", at));
        hub.Publish(new LiveEvent("tab-b", null, TabEventHub.StatusKind, """{"status":"running"}""", at));
        hub.Publish(new LiveEvent("tab-a", null, "text", """{"text":"hello"}""", at));
        Assert.False(firstNotice.IsCompleted, "a streaming tab's transcript does not reach a kinds subscriber");
        hub.Publish(new LiveEvent("tab-a", null, TabEventHub.StatusKind, """{"status":"idle"}""", at));
        hub.Publish(new LiveEvent("tab-a", null, "text", """{"text":"more"}""", at));
        hub.Publish(new LiveEvent("tab-a", null, "queued", """{"position":1}""", at));

        Assert.True(await firstNotice);
        Assert.Equal((TabEventHub.StatusKind, """{"status":"idle"}"""), (notices.Current.Kind, notices.Current.PayloadJson));
        Assert.True(await notices.MoveNextAsync());
        Assert.Equal("queued", notices.Current.Kind);

        var all = new List<string>();
        Assert.True(await firstOfAll);
        all.Add(everything.Current.Kind);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await everything.MoveNextAsync());
            all.Add(everything.Current.Kind);
        }

        Assert.Equal(["delta", "text", TabEventHub.StatusKind, "text", "queued"], all);
    }
}
