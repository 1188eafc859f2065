using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Core.Errors;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// Forks a Claude Code session on disk: <c>$HOME/.claude/projects/&lt;cwd&gt;/&lt;session&gt;.jsonl</c>
/// is copied up to (and with) the assistant message asked for, stopping before the next user
/// turn, with every line's <c>sessionId</c> set to a new id. <c>--resume &lt;new id&gt;</c> then
/// continues from that message. The original session is never changed.
/// </summary>
internal sealed class ClaudeSessionForker : IAgentSessionForker
{
    public string Kind => ClaudeCodeDriver.DriverKind;

    public async Task<string> ForkAsync(string home, string sessionId, string messageId, CancellationToken cancellationToken)
    {
        var source = FindSessionFile(home, sessionId)
            ?? throw new GroveException(ErrorKind.NotFound, $"The Claude session '{sessionId}' is not on this machine (looked in {Path.Combine(home, ".claude", "projects")}).");
        var lines = await File.ReadAllLinesAsync(source, cancellationToken);
        var newId = Guid.NewGuid().ToString();
        var kept = new List<string>();
        var found = false;
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject? entry;
            try
            {
                entry = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (entry is null)
            {
                continue;
            }

            var type = entry["type"]?.GetValue<string>();
            if (found && type is "user" or "queue-operation")
            {
                break;
            }

            if (type == "assistant" && entry["message"]?["id"]?.GetValue<string>() == messageId)
            {
                found = true;
            }

            if (entry.ContainsKey("sessionId"))
            {
                entry["sessionId"] = newId;
            }

            kept.Add(entry.ToJsonString());
        }

        if (!found)
        {
            throw new GroveException(ErrorKind.NotFound, $"Message '{messageId}' is not in session '{sessionId}'.");
        }

        var target = Path.Combine(Path.GetDirectoryName(source)!, newId + ".jsonl");
        await File.WriteAllLinesAsync(target, kept, cancellationToken);
        return newId;
    }

    private static string? FindSessionFile(string home, string sessionId)
    {
        if (!Guid.TryParse(sessionId, out _))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{sessionId}' is not a Claude session id.");
        }

        var projects = Path.Combine(home, ".claude", "projects");
        return Directory.Exists(projects)
            ? Directory.EnumerateFiles(projects, sessionId + ".jsonl", SearchOption.AllDirectories).FirstOrDefault()
            : null;
    }
}
