using Grove.Testing;

namespace Grove.Web.Tests.Transcript;

/// <summary>The transcript's edit cards use Grove's one highlighter, so every language of the diff view is coloured there too.</summary>
public sealed class OneHighlighterTests : TranscriptUiTest
{
    [Fact]
    public async Task A_java_edit_card_is_highlighted()
    {
        using var repo = TestRepository.Create();
        await CreateTabAsync(repo);
        await StoreAsync(Ev.Tool("e1", "Edit", new { file_path = "src/Main.java", old_string = "int total = 1;", new_string = "final int total = 2; // fixed" }));

        var view = RenderTranscript();

        var added = view.Find("[data-tool=Edit] .diff-line.add .diff-text");
        Assert.Equal(["final", "int"], added.QuerySelectorAll(".tok-kw").Select(e => e.TextContent));
        Assert.Equal("2", added.QuerySelector(".tok-num")!.TextContent);
        Assert.Equal("// fixed", added.QuerySelector(".tok-com")!.TextContent);
        Assert.Equal("int", view.Find("[data-tool=Edit] .diff-line.del .diff-text .tok-kw").TextContent);
    }
}
