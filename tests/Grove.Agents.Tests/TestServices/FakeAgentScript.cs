using System.Text.Json.Nodes;

namespace Grove.Agents.Tests.TestServices;

/// <summary>Builds a script for the fake agent program (tests/Grove.FakeAgent, see FakeScriptRunner for the steps).</summary>
internal sealed class FakeAgentScript
{
    private readonly JsonArray _steps = [];

    public FakeAgentScript Print(params string[] lines)
    {
        foreach (var line in lines)
        {
            Step("print", ("line", line));
        }

        return this;
    }

    public FakeAgentScript PrintBytes(byte[] bytes) => Step("print_bytes", ("base64", Convert.ToBase64String(bytes)));

    public FakeAgentScript Huge(long bytes) => Step("huge", ("bytes", bytes));

    public FakeAgentScript Stderr(string text) => Step("stderr", ("text", text));

    public FakeAgentScript PrintArgs() => Step("print_args");

    public FakeAgentScript WaitUser() => Step("wait_user");

    public FakeAgentScript Ask(string requestId, string requestJson) =>
        Step("ask", ("request_id", requestId), ("request", JsonNode.Parse(requestJson)));

    public FakeAgentScript HostRequest(string requestId, string subtype) =>
        Step("host_request", ("request_id", requestId), ("subtype", subtype));

    public FakeAgentScript Hang(bool answer = true) => Step("hang", ("answer", answer));

    public FakeAgentScript WaitEof() => Step("wait_eof");

    public FakeAgentScript Orphan() => Step("orphan");

    public FakeAgentScript Exit(int code) => Step("exit", ("code", code));

    public string WriteTo(string path)
    {
        File.WriteAllText(path, _steps.ToJsonString());
        return path;
    }

    private FakeAgentScript Step(string op, params (string Name, JsonNode? Value)[] fields)
    {
        var step = new JsonObject { ["op"] = op };
        foreach (var (name, value) in fields)
        {
            step[name] = value;
        }

        _steps.Add(step);
        return this;
    }
}
