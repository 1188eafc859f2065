using System.Text;
using System.Text.Json;
using Grove.Agents.ClaudeCode;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class StreamJsonWriterTests
{
    private static string Text(byte[] line)
    {
        Assert.Equal((byte)'\n', line[^1]);
        Assert.Equal(1, line.Count(b => b == (byte)'\n'));
        return Encoding.UTF8.GetString(line, 0, line.Length - 1);
    }

    private static JsonElement Input => JsonDocument.Parse("""{"file_path":"/a.txt","content":"x\ny"}""").RootElement;

    [Fact]
    public void User_message_is_the_documented_shape()
    {
        Assert.Equal(
            """{"type":"user","session_id":"","parent_tool_use_id":null,"message":{"role":"user","content":[{"type":"text","text":"line 1\nline 2"}]}}""",
            Text(StreamJsonWriter.UserMessage("line 1\nline 2", null)));
    }

    [Fact]
    public void Images_are_base64_blocks_before_the_text()
    {
        var json = Text(StreamJsonWriter.UserMessage("look", [new AgentImage("image/png", new byte[] { 1, 2, 3 })]));

        Assert.Contains("""[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AQID"}},{"type":"text","text":"look"}]""", json);
    }

    [Fact]
    public void Allow_has_updated_input_and_tool_use_id()
    {
        Assert.Equal(
            """{"type":"control_response","response":{"subtype":"success","request_id":"r1","response":{"behavior":"allow","updatedInput":{"file_path":"/a.txt","content":"x\ny"},"toolUseID":"toolu_1"}}}""",
            Text(StreamJsonWriter.AllowPermission("r1", "toolu_1", Input, null)));
    }

    [Fact]
    public void Allow_can_carry_updated_permissions()
    {
        var rules = JsonDocument.Parse("""[{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"ls"}],"behavior":"allow","destination":"localSettings"}]""").RootElement;

        var json = JsonDocument.Parse(Text(StreamJsonWriter.AllowPermission("r1", "toolu_1", Input, rules))).RootElement;

        Assert.Equal("addRules", json.GetProperty("response").GetProperty("response").GetProperty("updatedPermissions")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Deny_has_message_tool_use_id_and_optional_interrupt()
    {
        Assert.Equal(
            """{"type":"control_response","response":{"subtype":"success","request_id":"r2","response":{"behavior":"deny","message":"The test host says no.","toolUseID":"toolu_2"}}}""",
            Text(StreamJsonWriter.DenyPermission("r2", "toolu_2", "The test host says no.", interrupt: false)));
        Assert.Contains("\"interrupt\":true", Text(StreamJsonWriter.DenyPermission("r2", "toolu_2", "stop", interrupt: true)));
    }

    [Fact]
    public void Control_request_and_error_reply_envelopes()
    {
        Assert.Equal(
            """{"type":"control_request","request_id":"grove-1","request":{"subtype":"set_permission_mode","mode":"acceptEdits"}}""",
            Text(StreamJsonWriter.ControlRequest("grove-1", "set_permission_mode", w => w.WriteString("mode", "acceptEdits"))));
        Assert.Equal(
            """{"type":"control_response","response":{"subtype":"error","request_id":"hook-1","error":"Unsupported control request subtype: hook_callback"}}""",
            Text(StreamJsonWriter.ErrorResponse("hook-1", "Unsupported control request subtype: hook_callback")));
    }
}
