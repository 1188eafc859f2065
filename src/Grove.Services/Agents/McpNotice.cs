using System.Text.Json;
using Grove.Core.Agents;

namespace Grove.Services.Agents;

/// <summary>
/// The transcript notices about a run's MCP servers: a <c>grove_notice</c> with <c>message</c> and
/// <c>mcp_server</c> for each server Grove left out of the run (and why), or one when Claude's
/// files could not be read.
/// </summary>
public static class McpNotice
{
    public const string Subtype = "grove_notice";

    public static string LeftOutMessage(string name, string reason) => $"MCP server '{name}' is not in this run: {reason}.";

    internal static SystemEvent LeftOut(string name, string reason) =>
        new(Subtype, JsonSerializer.SerializeToElement(new { message = LeftOutMessage(name, reason), mcp_server = name, warning = true }));

    internal static SystemEvent NotLoaded(string error) =>
        new(Subtype, JsonSerializer.SerializeToElement(new { message = $"No MCP servers in this run: {error}", warning = true }));
}
