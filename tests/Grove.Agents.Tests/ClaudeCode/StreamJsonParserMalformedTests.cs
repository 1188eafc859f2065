using System.Text;
using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class StreamJsonParserMalformedTests
{
    private readonly StreamJsonParser _parser = new();

    private ErrorEvent Malformed(string line)
    {
        var error = Assert.IsType<ErrorEvent>(Assert.Single(_parser.Parse(line).Events));
        Assert.Equal(AgentErrorKind.MalformedOutput, error.ErrorKind);
        return error;
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("plain text from a wrapper script")]
    [InlineData("{\"type\":\"assistant\",\"message\":")]
    public void Invalid_json_is_malformed_output(string line)
    {
        var error = Malformed(line);

        Assert.Contains("not valid JSON", error.Message);
        Assert.Equal(line, error.Detail);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    [InlineData("{\"no_type\":true}")]
    [InlineData("{\"type\":7}")]
    [InlineData("{\"type\":\"assistant\"}")]
    [InlineData("{\"type\":\"assistant\",\"message\":\"text\"}")]
    [InlineData("{\"type\":\"system\"}")]
    [InlineData("{\"type\":\"system\",\"subtype\":\"init\"}")]
    [InlineData("{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\"}]}}")]
    [InlineData("{\"type\":\"control_request\",\"request_id\":\"x\"}")]
    [InlineData("{\"type\":\"control_response\",\"response\":{}}")]
    [InlineData("{\"type\":\"stream_event\",\"event\":[]}")]
    public void Valid_json_of_unexpected_shape_is_malformed_output(string line)
    {
        Assert.Contains("unexpected shape", Malformed(line).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t")]
    public void Empty_lines_yield_nothing(string line)
    {
        Assert.Empty(_parser.Parse(line).Events);
    }

    [Fact]
    public void Invalid_utf8_outside_strings_is_malformed_output()
    {
        byte[] bytes = [0xFF, 0xFE, (byte)'{', 0xC3, 0x28];

        Malformed(Encoding.Latin1.GetString(bytes));
        var error = Assert.IsType<ErrorEvent>(Assert.Single(_parser.Parse(bytes).Events));
        Assert.Equal(AgentErrorKind.MalformedOutput, error.ErrorKind);
    }

    [Fact]
    public void Invalid_utf8_inside_a_string_is_decoded_leniently()
    {
        var line = Encoding.UTF8.GetBytes(Fixtures.AssistantText.Replace("I'll create", "I'll \u0001create", StringComparison.Ordinal));
        var index = Array.IndexOf(line, (byte)0x01);
        line[index] = 0xFF;

        var text = Assert.IsType<TextEvent>(Assert.Single(_parser.Parse(line).Events));

        Assert.Equal("I'll \uFFFDcreate the file.", text.Content);
    }

    [Fact]
    public void Overlong_line_is_one_error_with_its_size()
    {
        var error = Assert.IsType<ErrorEvent>(Assert.Single(StreamJsonParser.Overlong(12_582_912).Events));

        Assert.Equal(AgentErrorKind.MalformedOutput, error.ErrorKind);
        Assert.Contains("12,582,912", error.Message);
    }

    [Fact]
    public void Parsing_continues_after_a_malformed_line()
    {
        Malformed("{oops");

        Assert.IsType<InitEvent>(Assert.Single(_parser.Parse(Fixtures.Init).Events));
    }

    [Fact]
    public void Long_malformed_line_is_previewed_not_copied_whole()
    {
        var error = Malformed(new string('x', 50_000));

        Assert.True(error.Detail!.Length < 300);
    }

    [Fact]
    public void Deeply_nested_tool_input_is_accepted()
    {
        var nested = new string('[', 200) + new string(']', 200);
        var line = Fixtures.AssistantToolUse.Replace("\"input\":{", $"\"input\":{{\"deep\":{nested},", StringComparison.Ordinal);

        Assert.IsType<ToolUseEvent>(Assert.Single(_parser.Parse(line).Events));
    }
}
