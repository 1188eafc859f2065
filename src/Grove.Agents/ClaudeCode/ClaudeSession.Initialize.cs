using System.Text.Json;

namespace Grove.Agents.ClaudeCode;

internal sealed partial class ClaudeSession
{
    /// <summary>
    /// Sends <c>{"subtype":"initialize"}</c> with nothing else: a <c>systemPrompt</c> field would
    /// replace Claude Code's own system prompt (docs §7).
    /// </summary>
    public async Task<AgentInfo> InitializeAsync(CancellationToken cancellationToken = default)
    {
        var reply = await SendControlRequestAsync("initialize", null, cancellationToken) ?? default;
        var account = reply.Property("account");
        return new AgentInfo
        {
            CliVersion = reply.String("claude_code_version"),
            PermissionMode = reply.String("current_permission_mode"),
            Models = reply.Array("models")
                .Where(m => m.String("value") is not null)
                .Select(m => new AgentModel(m.String("value")!, m.String("displayName"), m.String("description")))
                .ToList(),
            TokenSource = account?.String("tokenSource"),
            ApiProvider = account?.String("apiProvider"),
            Raw = reply.ValueKind == JsonValueKind.Undefined ? JsonSerializer.SerializeToElement(new { }) : reply,
        };
    }
}
