using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Git.Security;

namespace Grove.Services.Agents;

/// <summary>What Grove does with a permission ask before (or instead of) asking a person.</summary>
public enum PolicyVerdict
{
    /// <summary>Show it to the user and wait.</summary>
    Ask,
    Allow,
    Deny,
}

public sealed record PolicyDecision(PolicyVerdict Verdict, string Reason);

/// <summary>
/// Decides permission asks from the tab's mode, its opt-in permission mode and the saved rules.
/// Agent mode asks by default; plan mode is read-only (only plan files may be written);
/// "accept edits" and "bypass" are explicit per-tab opt-ins. ExitPlanMode and AskUserQuestion
/// always go to a person.
/// </summary>
public static class PermissionPolicy
{
    public static readonly IReadOnlySet<string> EditTools = new HashSet<string>(StringComparer.Ordinal) { "Edit", "Write", "MultiEdit", "NotebookEdit" };

    public const string ExitPlanMode = "ExitPlanMode";
    public const string AskUserQuestion = "AskUserQuestion";

    public static PolicyDecision Decide(PermissionRequestEvent request, AgentTab tab, string worktreePath, IReadOnlyList<PermissionRule> rules)
    {
        if (request.ToolName is ExitPlanMode or AskUserQuestion || request.RequiresUserInteraction)
        {
            return new(PolicyVerdict.Ask, "needs a person");
        }

        if (tab.Mode == AgentMode.Plan)
        {
            if (EditTools.Contains(request.ToolName))
            {
                return IsPlanFile(FilePath(request.Input))
                    ? new(PolicyVerdict.Allow, "plan file")
                    : new(PolicyVerdict.Deny, "Plan mode is read-only: no edits until the plan is approved. Write the plan and call ExitPlanMode.");
            }

            if (request.ToolName == "Bash")
            {
                return new(PolicyVerdict.Deny, "Plan mode is read-only: commands that change things are refused until the plan is approved.");
            }
        }

        foreach (var rule in rules.Where(r => !r.Allow))
        {
            if (Matches(rule, request))
            {
                return new(PolicyVerdict.Deny, $"Refused by a saved rule ({Describe(rule)}).");
            }
        }

        foreach (var rule in rules.Where(r => r.Allow))
        {
            if (Matches(rule, request) && (!EditTools.Contains(request.ToolName) || IsInside(worktreePath, FilePath(request.Input))))
            {
                return new(PolicyVerdict.Allow, $"saved rule ({Describe(rule)})");
            }
        }

        // A compound Bash command is allowed when each of its parts is allowed by some rule.
        if (request.ToolName == "Bash" && Command(request.Input) is { } command)
        {
            var bashRules = rules.Where(r => r.Allow && r.ToolName == "Bash" && r.RuleContent is not null).Select(r => r.RuleContent!).ToList();
            if (bashRules.Count > 0 && BashCommandRule.AllAllowed(command, bashRules))
            {
                return new(PolicyVerdict.Allow, "saved rules (every part of the command)");
            }
        }

        return tab.PermissionMode switch
        {
            PermissionMode.Bypass => new(PolicyVerdict.Allow, "bypass mode (opted in for this tab)"),
            PermissionMode.AcceptEdits when EditTools.Contains(request.ToolName) && IsInside(worktreePath, FilePath(request.Input)) =>
                new(PolicyVerdict.Allow, "accept-edits mode (opted in for this tab)"),
            _ => new(PolicyVerdict.Ask, "agent mode asks"),
        };
    }

    /// <summary>
    /// The rule an "allow always" answer saves: the agent's own suggested rule for Bash
    /// (<c>addRules</c> with the command), else the whole tool (edits stay confined to the worktree).
    /// </summary>
    public static (string ToolName, string? RuleContent) RuleFor(PermissionRequestEvent request)
    {
        if (request.Suggestions is { ValueKind: JsonValueKind.Array } suggestions)
        {
            foreach (var suggestion in suggestions.EnumerateArray())
            {
                if (suggestion.TryGetProperty("type", out var type) && type.GetString() == "addRules" &&
                    suggestion.TryGetProperty("rules", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var rule in list.EnumerateArray())
                    {
                        var tool = rule.TryGetProperty("toolName", out var t) ? t.GetString() : null;
                        var content = rule.TryGetProperty("ruleContent", out var c) ? c.GetString() : null;
                        if (tool == request.ToolName)
                        {
                            return (tool, content);
                        }
                    }
                }
            }
        }

        return request.ToolName == "Bash" ? ("Bash", Command(request.Input)) : (request.ToolName, null);
    }

    public static bool Matches(PermissionRule rule, PermissionRequestEvent request)
    {
        if (!string.Equals(rule.ToolName, request.ToolName, StringComparison.Ordinal))
        {
            return false;
        }

        if (rule.RuleContent is null)
        {
            return true;
        }

        if (request.ToolName == "Bash")
        {
            if (Command(request.Input) is not { } command)
            {
                return false;
            }

            // An allow rule must cover the whole command; a deny rule refuses it when it names any part.
            return rule.Allow ? BashCommandRule.AllAllowed(command, [rule.RuleContent]) : BashCommandRule.AnyMatches(command, rule.RuleContent);
        }

        var subject = FilePath(request.Input);
        if (subject is null)
        {
            return false;
        }

        // Claude's rule syntax: "src/*" (2.x) or "src:*" (legacy) is a prefix rule; anything else matches exactly.
        return rule.RuleContent.EndsWith(":*", StringComparison.Ordinal) ? subject.StartsWith(rule.RuleContent[..^2], StringComparison.Ordinal)
            : rule.RuleContent.EndsWith('*') ? subject.StartsWith(rule.RuleContent[..^1], StringComparison.Ordinal)
            : string.Equals(subject, rule.RuleContent, StringComparison.Ordinal);
    }

    private static string Describe(PermissionRule rule) => rule.RuleContent is null ? rule.ToolName : $"{rule.ToolName}({rule.RuleContent})";

    private static bool IsPlanFile(string? path) =>
        path is not null && path.EndsWith(".md", StringComparison.OrdinalIgnoreCase) &&
        path.Replace('\\', '/').Contains("/.claude/plans/", StringComparison.Ordinal);

    private static bool IsInside(string worktreePath, string? path) =>
        path is not null && Path.IsPathFullyQualified(path) && PathGuard.IsInside(worktreePath, path);

    internal static string? FilePath(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object && (input.TryGetProperty("file_path", out var p) || input.TryGetProperty("notebook_path", out p)) ? p.GetString() : null;

    internal static string? Command(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty("command", out var c) ? c.GetString() : null;
}
