using System.Reflection;
using System.Text;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.ClaudeCode;

/// <summary>
/// The session parses stdout lines from their UTF-8 bytes; tests mostly pass text. Both must read every line
/// the same way: the bytes path is only a cheaper route to the same events.
/// </summary>
public sealed class StreamJsonParserBytesTests
{
    /// <summary>Every fixture line, every recorded session line and odd lines (blank, padded, BOM, escaped, broken).</summary>
    public static IEnumerable<string> Lines()
    {
        foreach (var field in typeof(Fixtures).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
        {
            yield return (string)field.GetRawConstantValue()!;
        }

        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Recorded"), "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                yield return line;
            }
        }

        yield return string.Empty;
        yield return "  \t ";
        yield return "\u00A0";
        yield return "   " + Fixtures.AssistantText + "\r";
        yield return "\uFEFF" + Fixtures.AssistantText;
        yield return "\u00A0" + Fixtures.AssistantText;
        yield return Fixtures.AssistantText.Replace("\"type\":\"assistant\"", "\"type\":\"assist\\u0061nt\"", StringComparison.Ordinal);
        yield return Fixtures.StreamTextDelta.Replace("\"content_block_delta\"", "\"content_block_\\u0064elta\"", StringComparison.Ordinal);
        yield return Fixtures.AssistantText.Replace("I'll create", "Ünïcödé ✓ 🌳 create", StringComparison.Ordinal);
        yield return """{"type":"assistant","message":{"id":"m","content":[{"type":"text","text":"one"},{"type":"tool_use","id":"t","name":"Bash","input":{}},{"type":"image"},{"type":"thinking","thinking":"two"}]}}""";
        yield return """{"type":"assistant","message":{"id":"m","content":[]}}""";
        yield return """{"type":"assistant","message":{"id":"m","content":"text"}}""";
        yield return """{"type":"assistant","message":{"id":7,"content":[{"type":7,"text":"x"}]}}""";
        yield return """{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":9,"text":"x"}}}""";
        yield return """{"type":"stream_event","event":{"type":"message_start","message":{"id":42}}}""";
        yield return """{"type":"stream_event","event":{"type":"content_block_delta","index":3,"delta":{"type":"thinking_delta","thinking":"t"}},"api_message_id":"msg_api"}""";
        yield return """{"type":"mystery","x":[1,2,{"y":null}]}""";
        yield return """{"type":"keep_alive"}""";
        yield return "{\"type\":\"assistant\",\"message\":";
        yield return "{\"type\":\"assistant\"} trailing";
        yield return "[1,2,3]";
        yield return "plain text";
        yield return "{" + new string('x', 400);
        yield return """{"type":7}""";
    }

    [Fact]
    public void Every_line_parses_the_same_from_bytes_as_from_text()
    {
        // One parser per path, fed the same lines in the same order: both carry the same state (message ids, turn errors).
        var fromText = new StreamJsonParser();
        var fromBytes = new StreamJsonParser();
        var inPlace = new StreamJsonParser();
        var count = 0;
        foreach (var line in Lines())
        {
            var expected = fromText.Parse(line);
            var actual = fromBytes.Parse(Encoding.UTF8.GetBytes(line));

            Assert.Equal(Describe(expected), Describe(actual));
            Assert.Equal(Describe(expected), Describe(inPlace.Parse(Encoding.UTF8.GetBytes(line).AsMemory())));
            count++;
        }

        Assert.True(count > 60, $"only {count} lines");
    }

    [Fact]
    public void Invalid_utf8_lines_parse_the_same_as_their_lenient_text()
    {
        var text = Encoding.UTF8.GetBytes(Fixtures.AssistantText.Replace("I'll create", "I'll \u0001create", StringComparison.Ordinal));
        text[Array.IndexOf(text, (byte)0x01)] = 0xC3;
        byte[][] lines = [text, [0xFF, 0xFE, (byte)'{', 0xC3, 0x28], [(byte)'{', 0xED, 0xA0, 0x80, (byte)'}']];
        var lenient = new UTF8Encoding(false, false);

        foreach (var line in lines)
        {
            Assert.Equal(Describe(new StreamJsonParser().Parse(lenient.GetString(line))), Describe(new StreamJsonParser().Parse(line)));
        }
    }

    [Fact]
    public void A_messages_deltas_and_blocks_share_one_id_string()
    {
        var parser = new StreamJsonParser();
        Assert.Empty(parser.Parse(Encoding.UTF8.GetBytes(Fixtures.StreamMessageStart)).Events);
        var delta = Assert.IsType<DeltaEvent>(Assert.Single(parser.Parse(Encoding.UTF8.GetBytes(Fixtures.StreamTextDelta)).Events));
        var text = Assert.IsType<TextEvent>(Assert.Single(parser.Parse(Encoding.UTF8.GetBytes(Fixtures.AssistantText)).Events));
        var tool = Assert.IsType<ToolUseEvent>(Assert.Single(parser.Parse(Encoding.UTF8.GetBytes(Fixtures.AssistantToolUse)).Events));
        var other = Assert.IsType<TextEvent>(Assert.Single(parser.Parse(Encoding.UTF8.GetBytes(Fixtures.SubagentText)).Events));

        Assert.Equal("msg_01ABC", text.MessageId);
        Assert.Same(delta.MessageId, text.MessageId);
        Assert.Same(text.MessageId, tool.MessageId);
        Assert.Equal("msg_02SUB", other.MessageId);
    }

    [Fact]
    public void Parsing_a_line_from_bytes_does_not_make_a_string_of_the_whole_line()
    {
        var parser = new StreamJsonParser();
        var content = new string('a', 8000);
        var line = Encoding.UTF8.GetBytes(Fixtures.AssistantText.Replace("I'll create the file.", content, StringComparison.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(content, Assert.IsType<TextEvent>(Assert.Single(parser.Parse(line).Events)).Content);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var parsed = parser.Parse(line);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The event's text is 16,000 bytes as a string; a string of the whole line would add another ~16,700.
        Assert.Equal(content, Assert.IsType<TextEvent>(Assert.Single(parsed.Events)).Content);
        Assert.True(allocated < (2 * content.Length) + 2048, $"{allocated:N0} bytes allocated");
    }

    /// <summary>A parsed line as text: each event as stored (every field), and its control message.</summary>
    private static string Describe(ParsedLine parsed)
    {
        var text = new StringBuilder();
        foreach (var agentEvent in parsed.Events)
        {
            text.Append(agentEvent.GetType().Name).Append(' ').AppendLine(AgentEventJson.Serialize(agentEvent));
        }

        text.AppendLine(parsed.Control switch
        {
            ControlResponseMessage r => $"response {r.RequestId} {r.Success} {r.Error} {r.Response?.GetRawText()}",
            { } control => control.ToString(),
            null => "no control",
        });
        return text.ToString();
    }
}
