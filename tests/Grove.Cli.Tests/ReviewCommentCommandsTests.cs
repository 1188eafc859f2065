using Grove.Cli.Commands;
using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary><c>grove comments</c>: add, list, edit, rm and send (the turn runs here with the real Claude Code CLI when no server runs).</summary>
public sealed class ReviewCommentCommandsTests
{
    [Fact]
    public async Task AddListEditRemove_AndSend_RunsATurnWithTheComments()
    {
        await using var bed = await RunBed.StartAsync();
        var grove = bed.Grove;
        File.WriteAllText(Path.Combine(grove.WorktreesRoot, "repo", "agent", "src", "app.txt"), "line 1\nline 2 new\nline 3\n");

        var added = await grove.OkAsync("comments", "add", "agent", "src/app.txt:2-3", "Why", "this?");
        var second = await grove.JsonAsync("comments", "add", "agent", "README.md:1", "Drop it.", "--json");
        var secondId = second.GetProperty("id").GetString()!;
        await grove.OkAsync("comments", "edit", "agent", secondId, "Keep", "it.");
        var listed = await grove.OkAsync("comments", "agent");
        var json = await grove.JsonAsync("comments", "agent", "--json");
        await grove.OkAsync("comments", "rm", "agent", secondId);
        var badLocation = await grove.RunAsync("comments", "add", "agent", "src/app.txt", "x");

        Assert.Contains("src/app.txt:2-3", added);
        Assert.Contains("src/app.txt:2-3", listed);
        Assert.Contains("    │ line 2 new", listed);
        Assert.Contains("Keep it.", listed);
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal("line 2 new\nline 3", json[0].GetProperty("quotedCode").GetString());
        Assert.Equal(ExitCodes.For(ErrorKind.InvalidInput), badLocation.ExitCode);
        Assert.Contains("is not <file>:<line>", badLocation.Error);

        bed.Api.Enqueue(FakeResponse.Text("I will explain."));
        var send = await grove.RunAsync("comments", "send", "agent");

        Assert.Equal(0, send.ExitCode);
        Assert.Contains("I will explain.", send.Output);
        Assert.EndsWith("Review comments:\n\n`src/app.txt:2-3`\n```\nline 2 new\nline 3\n```\nWhy this?", bed.Api.LastUserText.Trim());
        Assert.Contains("No pending review comments", await grove.OkAsync("comments", "agent"));
        Assert.Contains("(sent)", await grove.OkAsync("comments", "agent", "--all"));
        var log = await grove.OkAsync("log", "agent");
        Assert.Contains("Review comments:", log);
        var nothing = await grove.RunAsync("comments", "send", "agent");
        Assert.Equal(ExitCodes.For(ErrorKind.InvalidInput), nothing.ExitCode);
    }

    [Theory]
    [InlineData("src/a.cs:12", "src/a.cs", 12, 12)]
    [InlineData("src/a.cs:12-14", "src/a.cs", 12, 14)]
    [InlineData("odd:name.txt:3", "odd:name.txt", 3, 3)]
    public void Location_IsFileColonLineOrRange(string text, string path, int start, int end) =>
        Assert.Equal((path, start, end), ReviewCommentCommands.ParseLocation(text));

    [Theory]
    [InlineData("src/a.cs")]
    [InlineData(":3")]
    [InlineData("a.cs:x")]
    [InlineData("a.cs:-3")]
    [InlineData("a.cs:3-")]
    public void Location_RefusesAnythingElse(string text) =>
        Assert.Equal(ErrorKind.InvalidInput, Assert.Throws<GroveException>(() => ReviewCommentCommands.ParseLocation(text)).Kind);
}
