using Grove.Core.Mcp;

namespace Grove.Web.Components.Mcp;

/// <summary>The add / edit form's fields: args one per line, env <c>K=V</c> and headers <c>Name: value</c> one per line.</summary>
public sealed class McpFormModel
{
    public string Name { get; set; } = "";

    public McpTransport Transport { get; set; } = McpTransport.Stdio;

    public McpScope Scope { get; set; } = McpScope.Local;

    public string Command { get; set; } = "";

    public string Args { get; set; } = "";

    public string Env { get; set; } = "";

    public string Url { get; set; } = "";

    public string Headers { get; set; } = "";

    public bool Editing { get; init; }

    /// <summary>The form for editing <paramref name="server"/>, from its definition as written (<c>${VAR}</c> kept).</summary>
    public static McpFormModel From(McpServerView server) => new()
    {
        Name = server.Name,
        Transport = server.AsWritten.Transport,
        Scope = server.Origin.Scope,
        Command = server.AsWritten.Command ?? "",
        Args = string.Join('\n', server.AsWritten.Args),
        Env = string.Join('\n', server.AsWritten.Env.Select(kv => $"{kv.Key}={kv.Value}")),
        Url = server.AsWritten.Url ?? "",
        Headers = string.Join('\n', server.AsWritten.Headers.Select(kv => $"{kv.Key}: {kv.Value}")),
        Editing = true,
    };

    /// <summary>The definition, parsing the multi-line fields; throws InvalidInput on a malformed line.</summary>
    public McpServerDefinition ToDefinition() => Transport == McpTransport.Stdio
        ? new McpServerDefinition
        {
            Name = Name.Trim(),
            Transport = McpTransport.Stdio,
            Command = Command.Trim(),
            Args = Lines(Args),
            Env = Services.Mcp.McpDefinitionRules.Pairs(Lines(Env), '=', "K=V"),
        }
        : new McpServerDefinition
        {
            Name = Name.Trim(),
            Transport = Transport,
            Url = Url.Trim(),
            Headers = Services.Mcp.McpDefinitionRules.Pairs(Lines(Headers), ':', "a header"),
        };

    private static List<string> Lines(string text) =>
        [.. text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
