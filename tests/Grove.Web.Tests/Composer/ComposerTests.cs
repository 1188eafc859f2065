using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Testing;
using Grove.Web.Components.Composer;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ComposerComponent = Grove.Web.Components.Composer.Composer;

namespace Grove.Web.Tests.Composer;

/// <summary>The composer over Grove's real services and the real Claude CLI; composer.js is played by the test.</summary>
public sealed class ComposerTests : AgentUiTestContext
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private BunitJSModuleInterop _module = null!;

    protected override IDictionary<string, string>? RepositoryFiles => new Dictionary<string, string>
    {
        ["README.md"] = "# demo\n",
        ["src/Billing/Invoice.cs"] = "class Invoice {}\n",
        ["src/Billing/Tax.cs"] = "class Tax {}\n",
        [".claude/commands/review.md"] = "---\ndescription: Review the current diff\n---\nReview $ARGUMENTS\n",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _module = JSInterop.SetupModule(ComposerComponent.ModulePath);
    }

    private IRenderedComponent<ComposerComponent> RenderComposer(string? tabId = null) =>
        Render<ComposerComponent>(p => p.Add(c => c.TabId, tabId ?? Tab.Id).Add(c => c.WorkspaceId, Workspace.Id));

    private static async Task TypeAsync(IRenderedComponent<ComposerComponent> cut, string text) =>
        await cut.InvokeAsync(() => cut.Instance.OnInput(text, text.Length));

    [Fact]
    public async Task Enter_FromComposerJs_SendsTheMessage_AndClearsTheBoxAndDraft()
    {
        Api.Enqueue(FakeResponse.Text("Hello back."));
        var cut = RenderComposer();
        await TypeAsync(cut, "Hello agent");

        await cut.InvokeAsync(() => cut.Instance.OnEnter("Hello agent"));
        await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.Result);

        var user = await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.User);
        Assert.Equal("Hello agent", ((UserEvent)AgentEventJson.Deserialize(user.PayloadJson)).Content);
        Assert.Contains("Hello agent", Api.LastUserText, StringComparison.Ordinal);
        Assert.Equal("", cut.Instance.Text);
        Assert.Contains(_module.Invocations["clear"], i => Equals(i.Arguments[1], Tab.Id));
        Assert.Null(Services.GetRequiredService<ComposerDrafts>().Get(Tab.Id));
    }

    [Fact]
    public async Task WhileATurnRuns_MessagesQueue_AreShown_AndCanBeTakenBack_AndStopEndsTheTurn()
    {
        var gate = new FakeGate();
        Api.Enqueue(FakeResponse.Hang(gate));
        var cut = RenderComposer();
        await cut.InvokeAsync(() => cut.Instance.OnEnter("Long task"));
        await gate.Reached.WaitAsync(Ct);

        await cut.InvokeAsync(() => cut.Instance.OnEnter("Then run the tests"));
        await cut.InvokeAsync(() => cut.Instance.OnEnter("And lint"));

        cut.WaitForAssertion(() =>
        {
            var items = cut.FindAll("[data-test='queued'] [data-queued]");
            Assert.Equal(2, items.Count);
            Assert.Contains("Then run the tests", items[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("And lint", items[1].TextContent, StringComparison.Ordinal);
        });
        Assert.Equal("Queue", cut.Find("[data-action='send']").TextContent.Trim());

        await cut.Find("[data-queued='2'] [data-action='remove-queued']").ClickAsync(new());
        Assert.Equal(["Then run the tests"], Runs.GetQueued(Tab.Id).Select(q => q.Text));

        await cut.InvokeAsync(() => cut.Instance.OnEscape());
        await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.Result);

        // Stop keeps the queued message (held until the next message), and an interrupt is not an error.
        cut.WaitForAssertion(() =>
        {
            Assert.Empty(cut.FindAll("[data-action='stop']"));
            var queued = cut.Find("[data-test='queued']");
            Assert.Contains("held after Stop", queued.TextContent, StringComparison.Ordinal);
            Assert.Contains("Then run the tests", queued.TextContent, StringComparison.Ordinal);
        });
        Assert.False(Runs.IsBusy(Tab.Id));
        var tab = await Services.GetRequiredService<IAgentTabs>().ResolveAsync(Tab.Id, Ct);
        Assert.Equal(AgentTabStatus.Interrupted, tab.Status);
        Assert.Null(tab.LastError);

        // Taking it back puts it into the draft, after what is typed.
        await TypeAsync(cut, "Actually");
        await cut.Find("[data-queued='1'] [data-action='edit-queued']").ClickAsync(new());

        Assert.Equal("Actually\n\nThen run the tests", cut.Instance.Text);
        Assert.Empty(Runs.GetQueued(Tab.Id));
        Assert.Contains(_module.Invocations["setText"], i => Equals(i.Arguments[1], "Actually\n\nThen run the tests"));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-test='queued']")));
        Assert.Equal(1, Api.RequestCount);
    }

    [Fact]
    public async Task TextFromTheInbox_IsInsertedAtTheCaret_NotSent_AndOtherWorkspacesAreIgnored()
    {
        var cut = RenderComposer();
        await cut.InvokeAsync(() => cut.Instance.OnInput("Before\nAfter", "Before".Length));
        var inbox = Services.GetRequiredService<Grove.Web.State.ComposerInbox>();

        var taken = await cut.InvokeAsync(() => inbox.InsertAsync(Workspace.Id, "### test\nfailed"));
        var elsewhere = await cut.InvokeAsync(() => inbox.InsertAsync("ws_other", "not for this tab"));

        Assert.True(taken);
        Assert.False(elsewhere);
        Assert.Equal("Before\n\n### test\nfailed\n\nAfter", cut.Instance.Text);
        Assert.Contains(_module.Invocations["setText"], i => Equals(i.Arguments[1], cut.Instance.Text));
        Assert.Equal(cut.Instance.Text, Services.GetRequiredService<ComposerDrafts>().Get(Tab.Id)!.Text);
        Assert.Equal(0, Api.RequestCount);
        Assert.Equal(("x\n", 2), ComposerComponent.InsertAt("", 0, " x "));
    }

    [Fact]
    public void DictatedText_GoesInAtTheCaret_AsPartOfTheSentence()
    {
        Assert.Equal(("Fix hello the bug", 9), ComposerComponent.InsertInline("Fix the bug", 4, " hello "));
        Assert.Equal(("Fix hello the bug", 9), ComposerComponent.InsertInline("Fixthe bug", 3, "hello"));
        Assert.Equal(("Fix the bug now", 15), ComposerComponent.InsertInline("Fix the bug", 11, "now"));
        Assert.Equal(("hello", 5), ComposerComponent.InsertInline("", 0, "hello"));
        Assert.Equal(("a\nhello", 7), ComposerComponent.InsertInline("a\n", 2, "hello"));
    }

    [Fact]
    public async Task TheSlashMenu_ListsGroveAndProjectCommands_AndFiltersAsYouType()
    {
        var cut = RenderComposer();

        await TypeAsync(cut, "/");
        var all = cut.FindAll("[data-test='composer-menu'] [data-item]").Select(e => e.GetAttribute("data-item")).ToList();
        await TypeAsync(cut, "/pl");
        var filtered = cut.FindAll("[data-test='composer-menu'] [data-item]").Select(e => e.GetAttribute("data-item")).ToList();
        await TypeAsync(cut, "/rev");
        var review = cut.Find("[data-test='composer-menu'] [data-item='review']").TextContent;
        await TypeAsync(cut, "/review the diff");

        Assert.Equal(["plan", "agent", "clear", "review"], all);
        Assert.Equal(["plan"], filtered);
        Assert.Contains("Review the current diff", review, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-test='composer-menu']"));
        Assert.Contains(_module.Invocations["setMenuOpen"], i => Equals(i.Arguments[1], true));
    }

    [Fact]
    public async Task SlashPlan_SwitchesTheTabToPlanMode_InTheDatabase_WithoutMessagingTheAgent()
    {
        AgentTab? changed = null;
        var cut = Render<ComposerComponent>(p => p
            .Add(c => c.TabId, Tab.Id)
            .Add(c => c.WorkspaceId, Workspace.Id)
            .Add(c => c.OnTabChanged, EventCallback.Factory.Create<AgentTab>(this, t => changed = t)));

        await TypeAsync(cut, "/pl");
        await cut.InvokeAsync(() => cut.Instance.OnMenuKey("Enter"));

        Assert.Equal(AgentMode.Plan, (await Tabs.ResolveAsync(Tab.Id, Ct)).Mode);
        Assert.Equal(AgentMode.Plan, changed?.Mode);
        Assert.NotNull(cut.Find("[data-test='plan-badge']"));
        Assert.Equal(0, Api.RequestCount);

        await cut.InvokeAsync(() => cut.Instance.OnEnter("/agent"));

        Assert.Equal(AgentMode.Agent, (await Tabs.ResolveAsync(Tab.Id, Ct)).Mode);
        Assert.Empty(cut.FindAll("[data-test='plan-badge']"));
    }

    [Fact]
    public async Task AnEnterHeldForAMenuThatClosedMeanwhile_StillSendsTheText()
    {
        Api.Enqueue(FakeResponse.Text("On it."));
        var cut = RenderComposer();
        await TypeAsync(cut, "/pl");

        // composer.js still believed the menu open when the user had already typed on and pressed Enter.
        await cut.InvokeAsync(() => cut.Instance.OnMenuKey("Enter", "Plan then build it"));
        var user = await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.User);

        Assert.Equal("Plan then build it", ((UserEvent)AgentEventJson.Deserialize(user.PayloadJson)).Content);
        Assert.Equal(AgentMode.Agent, (await Tabs.ResolveAsync(Tab.Id, Ct)).Mode);
        Assert.Empty(cut.FindAll("[data-test='composer-menu']"));
        await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.Result);
    }

    [Fact]
    public async Task SlashClear_StartsAFreshSession()
    {
        Api.Enqueue(FakeResponse.Text("Noted."));
        var cut = RenderComposer();
        await cut.InvokeAsync(() => cut.Instance.OnEnter("Remember 42"));
        await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.Result);
        Assert.NotNull((await Tabs.ResolveAsync(Tab.Id, Ct)).SessionId);

        await cut.InvokeAsync(() => cut.Instance.OnEnter("/clear"));

        Assert.Null((await Tabs.ResolveAsync(Tab.Id, Ct)).SessionId);
        var notice = await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.System);
        Assert.Contains("Context cleared", notice.PayloadJson, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-test='composer-error']"));
    }

    [Fact]
    public async Task AProjectCommand_IsPassedToTheAgentAsTyped()
    {
        Api.Enqueue(FakeResponse.Text("Reviewed."));
        var cut = RenderComposer();

        await TypeAsync(cut, "/rev");
        await cut.Find("[data-item='review']").ClickAsync(new());
        Assert.Equal("/review ", cut.Instance.Text);
        await cut.InvokeAsync(() => cut.Instance.OnEnter("/review the billing code"));
        var user = await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.User);

        Assert.Equal("/review the billing code", ((UserEvent)AgentEventJson.Deserialize(user.PayloadJson)).Content);
        Assert.Contains(_module.Invocations["setText"], i => Equals(i.Arguments[1], "/review "));
        await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.Result);
    }

    [Fact]
    public async Task AnAtMention_SearchesTheWorktreesFiles_AndInsertsTheChosenPath()
    {
        var cut = RenderComposer();

        await TypeAsync(cut, "Look at @invo");
        var item = cut.Find("[data-test='composer-menu'] [data-item]");
        Assert.Equal("src/Billing/Invoice.cs", item.GetAttribute("data-item"));
        await item.ClickAsync(new());

        Assert.Equal("Look at @src/Billing/Invoice.cs ", cut.Instance.Text);
        var setText = _module.Invocations["setText"][^1];
        Assert.Equal("Look at @src/Billing/Invoice.cs ", setText.Arguments[1]);
        Assert.Equal("Look at @src/Billing/Invoice.cs ".Length, setText.Arguments[2]);
        Assert.Empty(cut.FindAll("[data-test='composer-menu']"));
    }

    [Fact]
    public async Task AnAtMention_OfAFolder_KeepsTheMenuOpenInsideIt_AndArrowKeysChoose()
    {
        var cut = RenderComposer();

        await TypeAsync(cut, "@billing");
        Assert.Equal("src/Billing/", cut.Find("[data-item].selected").GetAttribute("data-item"));
        await cut.InvokeAsync(() => cut.Instance.OnMenuKey("Enter"));
        Assert.Equal("@src/Billing/", cut.Instance.Text);
        var inside = cut.FindAll("[data-test='composer-menu'] [data-item]").Select(e => e.GetAttribute("data-item")).ToList();
        await cut.InvokeAsync(() => cut.Instance.OnMenuKey("ArrowDown"));
        var second = cut.Find("[data-item].selected").GetAttribute("data-item");
        await cut.InvokeAsync(() => cut.Instance.OnMenuKey("Tab"));

        Assert.Contains("src/Billing/Invoice.cs", inside);
        Assert.Contains("src/Billing/Tax.cs", inside);
        Assert.Equal($"@{second} ", cut.Instance.Text);
    }

    [Fact]
    public async Task AnAtMention_ThatLeavesTheWorktree_IsRefusedInTheMenu()
    {
        var cut = RenderComposer();

        await TypeAsync(cut, "read @../../etc/passwd");

        Assert.Contains("inside the workspace", cut.Find("[data-test='composer-menu-message']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-test='composer-menu'] [data-item]"));
    }

    [Fact]
    public async Task Drafts_AreKeptPerTab_AcrossSwitching_AndRestoredFromStorageAfterAReload()
    {
        var other = await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = "other" }, Ct);
        var reloaded = await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = "reloaded" }, Ct);
        _module.Setup<string?>("attach", i => Equals(i.Arguments[2], reloaded.Id) && i.Arguments[3] is null).SetResult("typed before the reload");

        var first = RenderComposer();
        await TypeAsync(first, "half-written thought");
        await first.InvokeAsync(() => first.Instance.OnImagePasted("shot.png", "image/png", Png.Length, null, new TestJSStreamReference(Png)));
        await DisposeComponentsAsync();
        var second = RenderComposer(other.Id);
        var secondText = second.Instance.Text;
        await DisposeComponentsAsync();
        var back = RenderComposer();
        var afterReload = RenderComposer(reloaded.Id);

        Assert.Equal("", secondText);
        Assert.Equal("half-written thought", back.Instance.Text);
        Assert.Single(back.FindAll("[data-attachment='shot.png']"));
        Assert.Contains(_module.Invocations["attach"], i => Equals(i.Arguments[2], Tab.Id) && Equals(i.Arguments[3], "half-written thought"));
        afterReload.WaitForAssertion(() => Assert.Equal("typed before the reload", afterReload.Instance.Text));
    }

    [Fact]
    public async Task PastedImages_AreChecked_ShownAsThumbnails_Removable_AndSentWithTheMessage()
    {
        Api.Enqueue(FakeResponse.Text("I see it."));
        var cut = RenderComposer();
        var huge = new byte[5 * 1024 * 1024 + 1];
        var hugeStream = new TestJSStreamReference(huge);

        await cut.InvokeAsync(() => cut.Instance.OnImagePasted("huge.png", "image/png", huge.Length, null, hugeStream));
        var tooLarge = cut.Find("[data-test='composer-error']").TextContent;
        await cut.InvokeAsync(() => cut.Instance.OnImagePasted("scan.bmp", "image/bmp", 10, null, new TestJSStreamReference(new byte[10])));
        var wrongType = cut.Find("[data-test='composer-error']").TextContent;
        await cut.InvokeAsync(() => cut.Instance.OnImagePasted("fake.png", "image/png", 12, null, new TestJSStreamReference("not an image"u8.ToArray())));
        var notAnImage = cut.Find("[data-test='composer-error']").TextContent;
        await cut.InvokeAsync(() => cut.Instance.OnImagePasted("dot.png", "image/png", Png.Length, "data:image/png;base64,AAAA", new TestJSStreamReference(Png)));
        await cut.InvokeAsync(() => cut.Instance.OnImagePasted("spare.png", "image/png", Png.Length, "javascript:alert(1)", new TestJSStreamReference(Png)));

        Assert.Contains("at most 5 MB", tooLarge, StringComparison.Ordinal);
        Assert.True(hugeStream.Disposed);
        Assert.Contains("image/bmp", wrongType, StringComparison.Ordinal);
        Assert.Contains("not a PNG, JPEG, GIF or WebP", notAnImage, StringComparison.Ordinal);
        Assert.Equal(["dot.png", "spare.png"], cut.Instance.Attachments.Select(a => a.Name));
        Assert.Equal("data:image/png;base64,AAAA", cut.Find("[data-attachment='dot.png'] img").GetAttribute("src"));
        Assert.Empty(cut.FindAll("[data-attachment='spare.png'] img"));

        await cut.Find("[data-attachment='spare.png'] [data-action='remove-attachment']").ClickAsync(new());
        Assert.Single(cut.Instance.Attachments);

        await TypeAsync(cut, "What is this?");
        await cut.InvokeAsync(() => cut.Instance.OnEnter("What is this?"));
        await WaitForEventAsync(Tab.Id, e => e.Kind == AgentEventKinds.Result);

        Assert.Empty(cut.FindAll("[data-test='attachments']"));
        var content = Api.LastRequest!.LastUserMessage!.Value.GetProperty("content").EnumerateArray();
        Assert.Single(content, c => c.GetProperty("type").GetString() == "image");
    }

    [Fact]
    public async Task AMessageCarriesAtMostTenImages()
    {
        var cut = RenderComposer();
        for (var i = 0; i < MessageImages.MaxCount; i++)
        {
            await cut.InvokeAsync(() => cut.Instance.OnImagePasted($"{i}.png", "image/png", Png.Length, null, new TestJSStreamReference(Png)));
        }

        Assert.Empty(cut.FindAll("[data-test='composer-error']"));
        await cut.InvokeAsync(() => cut.Instance.OnImagePasted("one-more.png", "image/png", Png.Length, null, new TestJSStreamReference(Png)));

        Assert.Equal(MessageImages.MaxCount, cut.Instance.Attachments.Count);
        Assert.Contains("at most 10 images", cut.Find("[data-test='composer-error']").TextContent, StringComparison.Ordinal);
    }
}
