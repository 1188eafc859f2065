using Grove.Core.Errors;
using Grove.Services.Projects;

namespace Grove.Services.Tests.Projects;

public sealed class CloneSourceTests
{
    [Theory]
    [InlineData("acme/widgets", "https://github.com/acme/widgets.git", "widgets")]
    [InlineData("acme/widgets.git", "https://github.com/acme/widgets.git", "widgets")]
    [InlineData("https://gitlab.com/team/tool.git", "https://gitlab.com/team/tool.git", "tool")]
    [InlineData("https://github.com/acme/widgets/", "https://github.com/acme/widgets/", "widgets")]
    [InlineData("ssh://git@example.com:2222/team/tool.git", "ssh://git@example.com:2222/team/tool.git", "tool")]
    [InlineData("git@github.com:acme/widgets.git", "git@github.com:acme/widgets.git", "widgets")]
    [InlineData("host:tool", "host:tool", "tool")]
    [InlineData("/srv/git/tool.git", "/srv/git/tool.git", "tool")]
    [InlineData("file:///srv/git/tool.git", "file:///srv/git/tool.git", "tool")]
    public void Parse_AllowedSources_GiveTheUrlAndName(string source, string url, string name)
    {
        var parsed = CloneSource.Parse(source);

        Assert.Equal(url, parsed.Url);
        Assert.Equal(name, parsed.RepositoryName);
    }

    [Fact]
    public void Parse_OwnerRepo_UsesTheGivenHost() =>
        Assert.Equal("https://git.corp.example/acme/widgets.git", CloneSource.Parse("acme/widgets", "git.corp.example").Url);

    [Fact]
    public void Parse_ARelativePath_IsMadeAbsolute() =>
        Assert.Equal(Path.GetFullPath("./acme/widgets"), CloneSource.Parse("./acme/widgets").Url);

    [Theory]
    [InlineData("ext::sh -c evil")]
    [InlineData("fd::3")]
    [InlineData("foo::bar")]
    [InlineData("git://example.com/x.git")]
    [InlineData("http://example.com/x.git")]
    [InlineData("ftp://example.com/x.git")]
    [InlineData("-uevil")]
    [InlineData("https://me:token@github.com/acme/widgets.git")]
    [InlineData("")]
    public void Parse_RefusedSources_AreInvalidInput(string source) =>
        Assert.Equal(ErrorKind.InvalidInput, Assert.Throws<GroveException>(() => CloneSource.Parse(source)).Kind);

    [Theory]
    [InlineData(null, "github.com")]
    [InlineData("https://api.github.com", "github.com")]
    [InlineData("https://ghe.corp.example/api/v3", "ghe.corp.example")]
    [InlineData("https://ghe.corp.example/api/v3/", "ghe.corp.example")]
    [InlineData("http://127.0.0.1:5000/", "github.com")]
    public void HostFor_TakesAnEnterpriseHostOnly(string? apiUrl, string host) =>
        Assert.Equal(host, CloneSource.HostFor(apiUrl));
}
