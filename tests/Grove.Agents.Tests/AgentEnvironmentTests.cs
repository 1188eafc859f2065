namespace Grove.Agents.Tests;

public sealed class AgentEnvironmentTests
{
    private static readonly Dictionary<string, string> Parent = new()
    {
        ["PATH"] = "/usr/bin",
        ["HOME"] = "/home/me",
        ["LANG"] = "C.UTF-8",
        ["OPENAI_API_KEY"] = "sk-openai",
        ["GITHUB_TOKEN"] = "ghp_x",
        ["GH_TOKEN"] = "gho_x",
        ["AWS_ACCESS_KEY_ID"] = "AKIA",
        ["AWS_SECRET_ACCESS_KEY"] = "secret",
        ["AZURE_CLIENT_SECRET"] = "az",
        ["GOOGLE_APPLICATION_CREDENTIALS"] = "/k.json",
        ["NPM_TOKEN"] = "npm",
        ["GROVE_INSTALL_TOKEN"] = "grove",
        ["GROVE_HOME"] = "/data",
        ["DB_PASSWORD"] = "pw",
        ["MY_SECRET_THING"] = "s",
        ["SLACK_TOKEN"] = "xoxb",
        ["ANTHROPIC_API_KEY"] = "sk-ant-parent-key-123456",
        ["CLAUDE_CODE_OAUTH_TOKEN"] = "oauth-parent",
        ["CLAUDECODE"] = "1",
        ["ANTHROPIC_MODEL"] = "sonnet",
    };

    [Fact]
    public void Build_removes_credentials_and_keeps_ordinary_variables()
    {
        var env = AgentEnvironment.Build(Parent);

        Assert.Equal(["ANTHROPIC_MODEL", "HOME", "LANG", "PATH"], env.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Run_values_are_added_last_and_may_carry_the_chosen_credential()
    {
        var env = AgentEnvironment.Build(Parent, new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "chosen", ["HOME"] = "/tmp/h" });

        Assert.Equal("chosen", env["ANTHROPIC_API_KEY"]);
        Assert.Equal("/tmp/h", env["HOME"]);
        Assert.False(env.ContainsKey("CLAUDE_CODE_OAUTH_TOKEN"));
    }

    [Theory]
    [InlineData("ANTHROPIC_AUTH_TOKEN", true)]
    [InlineData("SOME_API_KEY", true)]
    [InlineData("X_PASSWORD_FILE", true)]
    [InlineData("PATH", false)]
    [InlineData("TOKENIZERS_PARALLELISM", false)]
    public void Secret_names_are_recognised(string name, bool secret)
    {
        Assert.Equal(secret, AgentEnvironment.IsSecretName(name));
    }

    [Fact]
    public void Redact_masks_secret_values_and_anthropic_keys_but_not_names()
    {
        var text = "key sk-ant-api03-abcdefghijkl failed; GITHUB_TOKEN=ghp_x; path /usr/bin";

        var redacted = AgentEnvironment.Redact(text, Parent);

        Assert.Equal("key *** failed; GITHUB_TOKEN=***; path /usr/bin", redacted);
    }

    [Fact]
    public void Describe_keys_lists_names_only()
    {
        var described = AgentEnvironment.DescribeKeys(new Dictionary<string, string> { ["B_TOKEN"] = "value-b", ["A"] = "value-a" });

        Assert.Equal("A, B_TOKEN", described);
        Assert.DoesNotContain("value", described);
    }
}
