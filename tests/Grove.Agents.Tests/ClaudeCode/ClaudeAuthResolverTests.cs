using Grove.Agents.ClaudeCode;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class ClaudeAuthResolverTests
{
    private static readonly OllamaSettings Ollama = new(OllamaSettings.DefaultBaseUrl, "llama3");

    [Fact]
    public void Explicit_settings_win_over_the_environment()
    {
        var parent = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "from-env", ["CLAUDE_CODE_OAUTH_TOKEN"] = "oauth" };

        var resolved = ClaudeAuthResolver.Resolve(new AgentAuth { ApiKey = "explicit", BaseUrl = "http://127.0.0.1:9", OAuthToken = "stored" }, parent);

        Assert.Equal(ClaudeAuthSource.Explicit, resolved.Source);
        Assert.Equal(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "explicit", ["ANTHROPIC_BASE_URL"] = "http://127.0.0.1:9" }, resolved.Variables);
    }

    [Fact]
    public void Environment_credentials_come_next_with_their_base_url()
    {
        var parent = new Dictionary<string, string> { ["ANTHROPIC_AUTH_TOKEN"] = "tok", ["ANTHROPIC_BASE_URL"] = "http://proxy" };

        var resolved = ClaudeAuthResolver.Resolve(new AgentAuth { OAuthToken = "stored", Ollama = Ollama }, parent);

        Assert.Equal(ClaudeAuthSource.Environment, resolved.Source);
        Assert.Equal("tok", resolved.Variables["ANTHROPIC_AUTH_TOKEN"]);
        Assert.Equal("http://proxy", resolved.Variables["ANTHROPIC_BASE_URL"]);
    }

    [Fact]
    public void A_base_url_alone_in_the_environment_is_not_a_credential()
    {
        var resolved = ClaudeAuthResolver.Resolve(new AgentAuth { OAuthToken = "stored" }, new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = "http://x" });

        Assert.Equal(ClaudeAuthSource.OAuthToken, resolved.Source);
    }

    [Fact]
    public void Stored_oauth_token_is_passed_as_claude_code_oauth_token()
    {
        var resolved = ClaudeAuthResolver.Resolve(new AgentAuth { OAuthToken = "stored", Ollama = Ollama }, new Dictionary<string, string>());

        Assert.Equal(ClaudeAuthSource.OAuthToken, resolved.Source);
        Assert.Equal(new Dictionary<string, string> { ["CLAUDE_CODE_OAUTH_TOKEN"] = "stored" }, resolved.Variables);
    }

    [Fact]
    public void Ollama_is_last_in_the_order_and_forces_its_model()
    {
        var resolved = ClaudeAuthResolver.Resolve(new AgentAuth { Ollama = Ollama }, new Dictionary<string, string>());

        Assert.Equal(ClaudeAuthSource.Ollama, resolved.Source);
        Assert.Equal("llama3", resolved.Model);
        Assert.Equal("ollama", resolved.Variables["ANTHROPIC_AUTH_TOKEN"]);
    }

    [Fact]
    public void Use_ollama_skips_the_order()
    {
        var resolved = ClaudeAuthResolver.Resolve(new AgentAuth { ApiKey = "k", UseOllama = true, Ollama = Ollama }, new Dictionary<string, string>());

        Assert.Equal(ClaudeAuthSource.Ollama, resolved.Source);
    }

    [Fact]
    public void Nothing_leaves_the_cli_its_own_login()
    {
        var resolved = ClaudeAuthResolver.Resolve(null, new Dictionary<string, string>());

        Assert.Equal(ClaudeAuthSource.CliLogin, resolved.Source);
        Assert.Empty(resolved.Variables);
    }

    [Fact]
    public void Auth_to_string_masks_secrets()
    {
        var text = new AgentAuth { ApiKey = "sk-ant-123", OAuthToken = "oat" }.ToString();

        Assert.DoesNotContain("sk-ant-123", text);
        Assert.DoesNotContain("oat,", text);
    }
}
