using Grove.Core.Domain;
using Grove.Web.Components.Workspaces;

namespace Grove.Web.Tests.Workspaces;

/// <summary>The sidebar's pull request badge: the recorded state as its colour class, a link that opens a new tab.</summary>
public sealed class PullRequestBadgeTests : UiTestContext
{
    private static Workspace With(int? number, string? state, string? url) => new()
    {
        Id = "ws1",
        ProjectId = "p1",
        Name = "feature",
        WorktreePath = "/tmp/nowhere",
        PrNumber = number,
        PrState = state,
        PrUrl = url,
    };

    [Theory]
    [InlineData("open", "open")]
    [InlineData("draft", "draft")]
    [InlineData("MERGED", "merged")]
    [InlineData("closed", "closed")]
    [InlineData(null, "open")]
    [InlineData("weird\" onclick", "unknown")]
    public void The_recorded_state_colours_the_badge(string? recorded, string shown)
    {
        var badge = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, With(12, recorded, "https://github.com/acme/demo/pull/12")));

        var link = badge.Find("[data-test='pr-state']");
        Assert.Equal(shown, link.GetAttribute("data-pr-state"));
        Assert.Equal(["pr-badge", shown], link.ClassList.Where(c => !c.StartsWith("b-", StringComparison.Ordinal)).ToArray());
        Assert.Equal($"#12 {shown}", link.TextContent);
    }

    [Fact]
    public void A_click_opens_the_pull_request_in_a_new_tab_without_an_opener()
    {
        var badge = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, With(12, "draft", "https://github.com/acme/demo/pull/12")));

        var link = badge.Find("a[data-test='pr-state']");
        Assert.Equal("https://github.com/acme/demo/pull/12", link.GetAttribute("href"));
        Assert.Equal("_blank", link.GetAttribute("target"));
        Assert.Contains("noopener", link.GetAttribute("rel") ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void No_recorded_pull_request_renders_nothing_and_an_unsafe_url_no_link()
    {
        var none = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, With(null, null, null)));
        var unsafeUrl = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, With(7, "closed", "javascript:alert(1)")));

        Assert.Empty(none.Markup.Trim());
        Assert.Empty(unsafeUrl.FindAll("a"));
        Assert.Equal("closed", unsafeUrl.Find("span[data-test='pr-state']").GetAttribute("data-pr-state"));
    }

    [Theory]
    [InlineData(3, 0, 0, "passed")]
    [InlineData(3, 1, 2, "failed")]
    [InlineData(3, 0, 2, "pending")]
    public void Recorded_checks_show_as_a_coloured_dot(int passed, int failed, int pending, string shown)
    {
        var workspace = With(12, "open", "https://github.com/acme/demo/pull/12") with { PrChecks = new PullRequestChecksCount(passed, failed, pending) };

        var badge = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, workspace));

        var dot = badge.Find("[data-test='pr-checks']");
        Assert.Equal(shown, dot.GetAttribute("data-checks"));
        Assert.Contains(shown, dot.ClassList);
        Assert.Equal($"Checks: {passed} passed, {failed} failed, {pending} pending", dot.GetAttribute("title"));
    }

    [Fact]
    public void Unknown_or_no_checks_show_no_dot()
    {
        var unknown = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, With(12, "open", "https://github.com/acme/demo/pull/12")));
        var none = Render<PullRequestBadge>(p => p.Add(b => b.Workspace, With(12, "open", "https://github.com/acme/demo/pull/12") with { PrChecks = new PullRequestChecksCount(0, 0, 0) }));

        Assert.Empty(unknown.FindAll("[data-test='pr-checks']"));
        Assert.Empty(none.FindAll("[data-test='pr-checks']"));
    }
}
