using Grove.Core.Security;

namespace Grove.Core.Tests.Security;

public sealed class SecretPatternsTests
{
    [Theory]
    [InlineData("https://user:ghp_secret@github.com/o/r.git", "https://***@github.com/o/r.git")]
    [InlineData("https://ghp_secret@github.com/o/r.git", "https://***@github.com/o/r.git")]
    [InlineData("fatal: unable to access 'http://x:ghp_secret@host:8080/r/': refused", "fatal: unable to access 'http://***@host:8080/r/': refused")]
    [InlineData("ssh://git@github.com/o/r.git", "ssh://git@github.com/o/r.git")]
    [InlineData("ssh://git:ghp_secret@host/o/r.git", "ssh://git:***@host/o/r.git")]
    [InlineData("git@github.com:o/r.git", "git@github.com:o/r.git")]
    [InlineData("no url here", "no url here")]
    public void Credentials_in_urls_are_masked(string input, string expected) =>
        Assert.Equal(expected, SecretPatterns.Redact(input));

    [Theory]
    [InlineData("key sk-ant-api03-abcdefghijklmnop end", "key *** end")]
    [InlineData("openai sk-proj-abcdefghijklmnopqrstuv", "openai ***")]
    [InlineData("gh ghp_abcdefghijklmnopqrstuvwxyz0123", "gh ***")]
    [InlineData("gh gho_abcdefghijklmnopqrstuvwxyz0123", "gh ***")]
    [InlineData("pat github_pat_11ABCDEFG0abcdefghijklmnop", "pat ***")]
    [InlineData("slack xoxb-1234567890-abcdefghij", "slack ***")]
    [InlineData("sent Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig to the server", "sent Bearer *** to the server")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Authorization: ***")]
    [InlineData("cookie: session=abc; other=def", "cookie: ***")]
    [InlineData("Set-Cookie: id=1; HttpOnly", "Set-Cookie: ***")]
    [InlineData("{\"Authorization\":\"Bearer abc.def\",\"x\":1}", "{\"Authorization\":\"***\",\"x\":1}")]
    [InlineData("GET /api/x?token=abc123&page=2", "GET /api/x?token=***&page=2")]
    [InlineData("GET /callback?code=xyz789&state=s", "GET /callback?code=***&state=s")]
    [InlineData("url https://h/p?access_token=t0k3n#frag", "url https://h/p?access_token=***#frag")]
    [InlineData("exit code 1; the token expired", "exit code 1; the token expired")]
    [InlineData("Authorization failed for this request", "Authorization failed for this request")]
    public void Secret_shapes_are_masked(string input, string expected) =>
        Assert.Equal(expected, SecretPatterns.Redact(input));

    [Fact]
    public void Redacting_twice_changes_nothing_more()
    {
        var once = SecretPatterns.Redact("Authorization: Bearer abcdefghijkl and ?token=abc");
        Assert.Equal(once, SecretPatterns.Redact(once));
    }
}
