using Grove.Core.Mcp;
using Grove.Web.Components.Mcp;

namespace Grove.Web.Tests.Mcp;

public sealed class McpFormModelTests
{
    [Fact]
    public void The_edit_form_shows_the_definition_as_written_not_the_expanded_one()
    {
        var view = new McpServerView
        {
            Definition = new McpServerDefinition { Name = "api", Command = "node", Args = ["s.js"], Env = new Dictionary<string, string> { ["API_KEY"] = "sk-expanded" } },
            Written = new McpServerDefinition { Name = "api", Command = "node", Args = ["s.js"], Env = new Dictionary<string, string> { ["API_KEY"] = "${API_KEY}" } },
            Origin = new McpServerOrigin(McpScope.Project, "/repo/.mcp.json"),
        };

        var form = McpFormModel.From(view);

        Assert.Equal("API_KEY=${API_KEY}", form.Env);
        Assert.DoesNotContain("sk-expanded", form.ToDefinition().Env.Values);
    }
}
