using Grove.Web.Components.Transcript;
using Grove.Web.Transcript;

namespace Grove.Web.Tests.Transcript;

/// <summary>
/// The list hands every item to its view at each flush: an item seen at the same version is skipped
/// without a render, and a changed one (same object, newer version) always renders its new content.
/// </summary>
public sealed class TranscriptItemViewTests : BunitContext
{
    [Fact]
    public void The_same_item_at_the_same_version_does_not_render_and_a_newer_version_renders_its_text()
    {
        var item = new AssistantTextItem("m1") { Text = "Hello", Streaming = true };
        item.Touch();
        var view = Render<TranscriptItemView>(p => p.Add(v => v.Item, item));
        var renders = view.RenderCount;

        view.Render(p => p.Add(v => v.Item, item));
        Assert.Equal(renders, view.RenderCount);

        item.Text = "Hello, world";
        item.Touch();
        view.Render(p => p.Add(v => v.Item, item));
        Assert.Equal(renders + 1, view.RenderCount);
        Assert.Contains("Hello, world", view.Find(".msg-assistant").TextContent, StringComparison.Ordinal);

        var other = new AssistantTextItem("m2") { Text = "Another" };
        view.Render(p => p.Add(v => v.Item, other));
        Assert.Contains("Another", view.Find(".msg-assistant").TextContent, StringComparison.Ordinal);
    }
}
