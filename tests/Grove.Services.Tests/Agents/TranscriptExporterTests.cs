using System.Text;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>The Markdown and JSON exports of a transcript stored in a real database.</summary>
public sealed class TranscriptExporterTests : IAsyncLifetime
{
    private readonly TestRepository _repo = TestRepository.Create();
    private TestApp _app = null!;
    private AgentTab _tab = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ITranscriptExporter Exporter => _app.App.Get<ITranscriptExporter>();

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        var project = await _app.Projects.AddAsync(_repo.Path, cancellationToken: Ct);
        var workspace = (await _app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "export", NoFetch = true }, cancellationToken: Ct)).Workspace;
        _tab = await _app.App.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "main" }, Ct);
        var input = JsonSerializer.SerializeToElement(new { command = "ls -la" });
        AgentEvent[] events =
        [
            new InitEvent("session-1") { Model = "claude-test" },
            new UserEvent("List the files") { ImageCount = 1 },
            new TextEvent("msg_1", "Let me look."),
            new ToolUseEvent("msg_1", "toolu_1", "Bash", input),
            new ToolResultEvent("toolu_1", "README.md\nsrc\n```not a fence end```"),
            new TextEvent("msg_2", "There are **two** entries."),
            new ResultEvent("session-1", false) { DurationMs = 3200, CostUsd = 0.0123m, InputTokens = 1200, OutputTokens = 340 },
            new SystemEvent(ClearedNotice.Subtype, JsonSerializer.SerializeToElement(new { message = ClearedNotice.Message, cleared = true })),
            new UserEvent("Start over"),
            new ErrorEvent(AgentErrorKind.ProcessExited, "The agent stopped."),
        ];
        var store = _app.App.Get<ITranscriptStore>();
        foreach (var e in events)
        {
            await store.AppendAsync(e.ToTranscriptEvent(_tab.Id, DateTimeOffset.UnixEpoch), Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _repo.Dispose();
    }

    private async Task<string> ExportAsync(TranscriptFormat format)
    {
        var export = await Exporter.PrepareAsync(_tab.Id, format, Ct);
        using var output = new MemoryStream();
        await Exporter.WriteAsync(export, output, Ct);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Markdown_HasTheMessagesInOrder_ToolCallsAsFencedBlocks_AndTurnTotals()
    {
        var markdown = await ExportAsync(TranscriptFormat.Markdown);

        Assert.StartsWith("# export · main\n", markdown.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var order = new[] { "## You", "List the files", "_(1 image attached)_", "## Assistant", "Let me look.", "**Tool: Bash**", "```bash\nls -la\n```", "**Result:**", "There are **two** entries.", "_Turn finished in 3.2 s · $0.0123 · 1,200 in / 340 out tokens_", "---", "Context cleared", "## You", "Start over", "**Error:** The agent stopped." };
        var normalized = markdown.ReplaceLineEndings("\n");
        var at = 0;
        foreach (var part in order)
        {
            var next = normalized.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"'{part}' missing after position {at} in:\n{normalized}");
            at = next + part.Length;
        }
    }

    [Fact]
    public async Task Markdown_FencesToolOutput_SoBackticksInsideCannotCloseTheBlock()
    {
        var markdown = (await ExportAsync(TranscriptFormat.Markdown)).ReplaceLineEndings("\n");

        Assert.Contains("````text\nREADME.md\nsrc\n```not a fence end```\n````", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_HoldsEveryStoredEvent_WithItsPayload()
    {
        using var document = JsonDocument.Parse(await ExportAsync(TranscriptFormat.Json));
        var root = document.RootElement;
        var events = root.GetProperty("events").EnumerateArray().ToList();

        Assert.Equal("main", root.GetProperty("tab").GetProperty("name").GetString());
        Assert.Equal("export", root.GetProperty("workspace").GetProperty("name").GetString());
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), events.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("tool_use", events[3].GetProperty("kind").GetString());
        Assert.Equal("ls -la", events[3].GetProperty("payload").GetProperty("input").GetProperty("command").GetString());
        Assert.Equal(1, events[1].GetProperty("payload").GetProperty("image_count").GetInt32());
    }

    [Fact]
    public async Task Prepare_NamesTheDownload_AndRefusesAnUnknownTabOrFormat()
    {
        var export = await Exporter.PrepareAsync(_tab.Id, TranscriptFormat.Json, Ct);
        var missing = await Assert.ThrowsAsync<GroveException>(() => Exporter.PrepareAsync("tab_missing", TranscriptFormat.Markdown, Ct));
        var format = Assert.Throws<GroveException>(() => ITranscriptExporter.ParseFormat("pdf"));

        Assert.Equal("export-main.json", export.FileName);
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Equal(ErrorKind.InvalidInput, format.Kind);
        Assert.Equal(TranscriptFormat.Markdown, ITranscriptExporter.ParseFormat(null));
    }
}
