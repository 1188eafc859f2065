using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;

namespace Grove.Services.Tests.Agents;

public sealed class PermissionPolicyTests
{
    private static readonly AgentTab Tab = new() { Id = "tab_1", WorkspaceId = "ws_1", Name = "t" };

    private static PolicyVerdict Decide(string command, params PermissionRule[] rules) =>
        PermissionPolicy.Decide(new PermissionRequestEvent("r1", "Bash", AgentBed.Input(new { command })), Tab, "/repo", rules).Verdict;

    private static PermissionRule Allow(string content) => new() { ProjectId = "p", ToolName = "Bash", RuleContent = content };

    private static PermissionRule Deny(string content) => new() { ProjectId = "p", ToolName = "Bash", RuleContent = content, Allow = false };

    [Theory]
    [InlineData("npm run *", "npm run lint")]
    [InlineData("npm run *", "npm run")]
    [InlineData("npm run:*", "npm run lint")]
    [InlineData("npm run:*", "npm run test -- --watch=false")]
    [InlineData("npm run lint", "npm run lint")]
    [InlineData("git log *", "git log --oneline | head -5")]
    [InlineData("npm run *", "npm run lint && npm run test")]
    [InlineData("npm run *", "npm run lint 2>&1")]
    [InlineData("npm run *", "npm run lint > /dev/null 2>&1")]
    [InlineData("npm run *", "npm run lint -- 'a; rm -rf x'")]
    [InlineData("npm run *", "npm run lint \\\n  --fix")]
    [InlineData("cd x && make", "cd x && make")]
    public void AllowRule_CoversTheCommand(string rule, string command) =>
        Assert.Equal(PolicyVerdict.Allow, Decide(command, Allow(rule), Allow("head *")));

    [Theory]
    [InlineData("npm run *", "npm runx")]
    [InlineData("npm run:*", "npm runner")]
    [InlineData("npm run lint", "npm run lint --fix")]
    [InlineData("npm run *", "npm run lint; rm -rf x")]
    [InlineData("npm run *", "npm run lint && rm -rf x")]
    [InlineData("npm run *", "npm run lint || rm -rf x")]
    [InlineData("npm run *", "npm run lint | sh")]
    [InlineData("npm run *", "npm run lint & rm -rf x")]
    [InlineData("npm run *", "npm run lint\nrm -rf x")]
    [InlineData("npm run *", "npm run $(rm -rf x)")]
    [InlineData("npm run *", "npm run \"$(rm -rf x)\"")]
    [InlineData("npm run *", "npm run `rm -rf x`")]
    [InlineData("npm run *", "npm run lint > ~/.bashrc")]
    [InlineData("npm run *", "npm run lint >> out.txt")]
    [InlineData("npm run *", "npm run lint &> out.txt")]
    [InlineData("npm run *", "(npm run lint; rm -rf x)")]
    [InlineData("npm run *", "npm run lint <(rm -rf x)")]
    [InlineData("npm run *", "npm run 'unclosed")]
    public void AllowRule_DoesNotCoverAnythingElse(string rule, string command) =>
        Assert.Equal(PolicyVerdict.Ask, Decide(command, Allow(rule), Allow("head *")));

    [Fact]
    public void DenyRule_RefusesACompoundCommandThatContainsIt() =>
        Assert.Equal(PolicyVerdict.Deny, Decide("npm run lint && rm -rf x", Allow("npm run *"), Deny("rm *")));

    [Fact]
    public void ToolWideRule_AllowsEveryCommand() =>
        Assert.Equal(PolicyVerdict.Allow, Decide("anything; at all", new PermissionRule { ProjectId = "p", ToolName = "Bash" }));
}
