using Grove.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Tests.Shared;

public sealed class ModalTests : BunitContext
{
    [Fact]
    public void Escape_closes_the_dialog()
    {
        var closed = 0;
        var modal = Render<Modal>(ps => ps
            .Add(m => m.Title, "Confirm")
            .Add(m => m.OnClose, EventCallback.Factory.Create(this, () => closed++)));

        modal.Find(".modal-backdrop").KeyDown(key: "Escape");

        Assert.Equal(1, closed);
        Assert.Equal("Confirm", modal.Find(".modal h1").TextContent);
    }

    [Fact]
    public void A_busy_dialog_stays_open()
    {
        var closed = 0;
        var modal = Render<Modal>(ps => ps
            .Add(m => m.Title, "Creating")
            .Add(m => m.Busy, true)
            .Add(m => m.OnClose, EventCallback.Factory.Create(this, () => closed++)));

        modal.Find(".modal-backdrop").KeyDown(key: "Escape");
        modal.Find(".modal-backdrop").Click();

        Assert.Equal(0, closed);
    }
}
