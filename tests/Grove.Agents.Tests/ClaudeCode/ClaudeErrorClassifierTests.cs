using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class ClaudeErrorClassifierTests
{
    [Theory]
    [InlineData("Not logged in · Please run /login", null, AgentErrorKind.NotLoggedIn)]
    [InlineData("API Error: 401 {\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", 401, AgentErrorKind.InvalidApiKey)]
    [InlineData("Invalid API key · Fix external API key", null, AgentErrorKind.InvalidApiKey)]
    [InlineData("API Error: 429 rate_limit_error", 429, AgentErrorKind.RateLimit)]
    [InlineData("API Error: 529 Overloaded", 529, AgentErrorKind.Overloaded)]
    [InlineData("API Error: Claude Code is unable to respond to this request, which appears to violate our Usage Policy", 400, AgentErrorKind.UsagePolicy)]
    [InlineData("No conversation found with session ID: 1234", null, AgentErrorKind.SessionNotFound)]
    [InlineData("API Error: Connection error. (ECONNREFUSED 127.0.0.1:9)", null, AgentErrorKind.Network)]
    [InlineData("API Error: Request timed out.", null, AgentErrorKind.Network)]
    [InlineData("something odd happened", null, AgentErrorKind.Unknown)]
    public void Classifies_known_failures(string text, int? status, AgentErrorKind expected)
    {
        Assert.Equal(expected, ClaudeErrorClassifier.Classify(text, status));
    }

    [Fact]
    public void Status_alone_is_enough()
    {
        Assert.Equal(AgentErrorKind.RateLimit, ClaudeErrorClassifier.Classify(null, 429));
        Assert.Equal(AgentErrorKind.Overloaded, ClaudeErrorClassifier.Classify(null, 529));
        Assert.Equal(AgentErrorKind.InvalidApiKey, ClaudeErrorClassifier.Classify(null, 401));
    }

    [Fact]
    public void Messages_say_what_to_do()
    {
        Assert.Contains("claude /login", ClaudeErrorClassifier.Describe(AgentErrorKind.NotLoggedIn, null));
        Assert.Contains("new session", ClaudeErrorClassifier.Describe(AgentErrorKind.SessionNotFound, null));
        Assert.Contains("boom", ClaudeErrorClassifier.Describe(AgentErrorKind.Unknown, "boom"));
    }
}
