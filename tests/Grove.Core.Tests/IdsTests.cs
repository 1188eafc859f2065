using Grove.Core.Domain;

namespace Grove.Core.Tests;

public sealed class IdsTests
{
    [Fact]
    public void Ids_HaveTheirPrefix_AreUrlSafe_AndDoNotRepeat()
    {
        var ids = Enumerable.Range(0, 2000).Select(_ => Ids.NewWorkspaceId()).ToList();

        Assert.All(ids, id => Assert.Matches("^ws_[0-9a-z]{10}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.StartsWith("prj_", Ids.NewProjectId());
        Assert.StartsWith("tab_", Ids.NewTabId());
    }
}
