using Grove.Testing;

namespace Grove.Web.Tests.Changes;

/// <summary>The changes panel's diff uses the same highlighter as the transcript.</summary>
public sealed class JavaDiffTests : ChangesBed
{
    [Fact]
    public async Task A_java_diff_is_highlighted()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "src/Main.java", "public class Main { /* entry */ String s = \"<b>\"; }\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("src/Main.java", "unstaged")));

        await ClickAsync(panel, Row("src/Main.java", "unstaged"));

        WaitFor(panel, () =>
        {
            var code = panel.Find("[data-test='diff'] .line.add .code");
            Assert.Equal(["public", "class"], code.QuerySelectorAll(".tok-kw").Select(e => e.TextContent));
            Assert.Equal("/* entry */", code.QuerySelector(".tok-com")!.TextContent);
            Assert.Equal("\"<b>\"", code.QuerySelector(".tok-str")!.TextContent);
            Assert.Empty(panel.FindAll("[data-test='diff'] b"));
        });
    }
}
