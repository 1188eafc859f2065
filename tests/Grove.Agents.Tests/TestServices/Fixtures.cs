namespace Grove.Agents.Tests.TestServices;

/// <summary>Realistic stdout lines of Claude Code 2.1.328 in stream-json mode (docs/claude-stream-json.md §5 and §7).</summary>
internal static class Fixtures
{
    public const string SessionId = "3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11";

    public const string Init = """{"type":"system","subtype":"init","cwd":"/work/repo","session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","tools":["Agent","Bash","Edit","Read","Write","AskUserQuestion","EnterPlanMode","ExitPlanMode","mcp__everything__echo"],"mcp_servers":[{"name":"everything","status":"connected","source":"project"}],"model":"claude-opus-5-5","permissionMode":"default","slash_commands":["compact","review"],"apiKeySource":"ANTHROPIC_API_KEY","claude_code_version":"2.1.328","output_style":"default","agents":[],"skills":[],"plugins":[],"capabilities":[],"analytics_disabled":true,"uuid":"0b7e1c2a-0000-4000-8000-000000000001"}""";

    public const string StatusRequesting = """{"type":"system","subtype":"status","status":"requesting","session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","uuid":"u-2"}""";

    public const string StatusModeChanged = """{"type":"system","subtype":"status","status":null,"permissionMode":"acceptEdits","session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","uuid":"u-3"}""";

    public const string AssistantText = """{"type":"assistant","message":{"id":"msg_01ABC","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"text","text":"I'll create the file."}],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":5}},"parent_tool_use_id":null,"session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","uuid":"u-4","request_id":"req_1","timestamp":"2026-11-25T03:00:00.000Z"}""";

    public const string AssistantThinking = """{"type":"assistant","message":{"id":"msg_01ABC","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"thinking","thinking":"The user wants a file.","signature":"sig"}],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":5}},"parent_tool_use_id":null,"session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","uuid":"u-4b"}""";

    public const string AssistantToolUse = """{"type":"assistant","message":{"id":"msg_01ABC","type":"message","role":"assistant","model":"claude-opus-5-5","content":[{"type":"tool_use","id":"toolu_01W","name":"Write","input":{"file_path":"/work/repo/hello.txt","content":"hello from the fake model\n"}}],"stop_reason":null,"usage":{"input_tokens":12,"output_tokens":20}},"parent_tool_use_id":null,"session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","uuid":"u-5","request_id":"req_1"}""";

    public const string SubagentText = """{"type":"assistant","message":{"id":"msg_02SUB","type":"message","role":"assistant","content":[{"type":"text","text":"sub-agent says hi"}]},"parent_tool_use_id":"toolu_01AGENT","session_id":"s","uuid":"u-5b"}""";

    public const string UserToolResult = """{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_01W","type":"tool_result","content":"File created successfully at: /work/repo/hello.txt"}]},"parent_tool_use_id":null,"session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","uuid":"u-6","timestamp":"2026-11-25T03:00:01.000Z","tool_use_result":{"type":"create","filePath":"/work/repo/hello.txt","content":"hello from the fake model\n","structuredPatch":[]},"tool_result_meta":[{"id":"toolu_01W","permission_decision":{"decision":"accept","source":"user_temporary","reason_type":"permissionPromptTool"},"non_execution_kind":null}]}""";

    public const string UserDeniedResult = """{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"The test host says no.","is_error":true,"tool_use_id":"toolu_01W"}]},"parent_tool_use_id":null,"session_id":"s","uuid":"u-7","tool_use_result":"Error: The test host says no."}""";

    public const string UserMcpResult = """{"type":"user","message":{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01M","content":[{"type":"text","text":"Echo: ping"},{"type":"text","text":"through MCP"}]}]},"parent_tool_use_id":null,"session_id":"s","uuid":"u-8"}""";

    public const string UserInterrupted = """{"type":"user","message":{"role":"user","content":[{"type":"text","text":"[Request interrupted by user]"}]},"parent_tool_use_id":null,"session_id":"s","uuid":"u-9"}""";

    public const string StreamMessageStart = """{"type":"stream_event","event":{"type":"message_start","message":{"id":"msg_01ABC","type":"message","role":"assistant","content":[],"model":"claude-opus-5-5"}},"parent_tool_use_id":null,"session_id":"s","uuid":"u-10"}""";

    public const string StreamTextDelta = """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"I'll "}},"parent_tool_use_id":null,"session_id":"s","uuid":"u-11"}""";

    public const string StreamInputDelta = """{"type":"stream_event","event":{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"file_path\":"}},"parent_tool_use_id":null,"session_id":"s","uuid":"u-12"}""";

    public const string StreamBlockStop = """{"type":"stream_event","event":{"type":"content_block_stop","index":0},"parent_tool_use_id":null,"session_id":"s","uuid":"u-13"}""";

    public const string ApiRetry = """{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":532,"error_status":529,"error":"overloaded_error","session_id":"s","uuid":"u-14"}""";

    public const string ApiRetryConnection = """{"type":"system","subtype":"api_retry","attempt":2,"max_retries":10,"retry_delay_ms":1100,"error_status":null,"error":"Connection error.","session_id":"s","uuid":"u-15"}""";

    public const string ResultSuccess = """{"type":"result","subtype":"success","is_error":false,"duration_ms":2310,"duration_api_ms":2100,"ttft_ms":300,"num_turns":2,"result":"Created hello.txt.","session_id":"3f1e5a8c-2b7d-4c1e-9a0f-6d2b8e4c7a11","total_cost_usd":0.0421,"usage":{"input_tokens":24,"output_tokens":31,"cache_read_input_tokens":0},"modelUsage":{},"permission_denials":[],"stop_reason":"end_turn","terminal_reason":"completed","uuid":"u-16"}""";

    public const string ResultWithDenials = """{"type":"result","subtype":"success","is_error":false,"duration_ms":900,"num_turns":2,"result":"OK, I won't.","session_id":"s","total_cost_usd":0.01,"usage":{"input_tokens":5,"output_tokens":6},"permission_denials":[{"tool_name":"Write","tool_use_id":"toolu_01W","tool_input":{}}],"terminal_reason":"completed"}""";

    public const string SyntheticOverloaded = """{"type":"assistant","message":{"id":"9c0f4c1e-synthetic","model":"<synthetic>","role":"assistant","type":"message","content":[{"type":"text","text":"API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"}],"stop_reason":"stop_sequence","usage":{"input_tokens":0,"output_tokens":0}},"parent_tool_use_id":null,"session_id":"s","uuid":"u-17","is_api_error_message":true,"api_error_status":529,"api_error_type":"overloaded_error","error":"unknown"}""";

    public const string ResultApiError = """{"type":"result","subtype":"success","is_error":true,"duration_ms":4000,"num_turns":1,"result":"API Error: 529 {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}","session_id":"s","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0},"permission_denials":[],"stop_reason":"stop_sequence","terminal_reason":"api_error","api_error_status":529}""";

    public const string ResultNotLoggedIn = """{"type":"result","subtype":"success","is_error":true,"duration_ms":12,"num_turns":1,"result":"Not logged in · Please run /login","session_id":"s","total_cost_usd":0,"usage":{"input_tokens":0,"output_tokens":0},"permission_denials":[],"terminal_reason":"api_error"}""";

    public const string ResultInterrupted = """{"type":"result","subtype":"error_during_execution","is_error":true,"duration_ms":300,"num_turns":1,"session_id":"s","total_cost_usd":0,"usage":{"input_tokens":3,"output_tokens":1},"permission_denials":[],"terminal_reason":"aborted_streaming"}""";

    public const string AskWrite = """{"type":"control_request","request_id":"f9f78f2f-1111-4a2b-8c3d-0123456789ab","request":{"subtype":"can_use_tool","tool_name":"Write","display_name":"Write","input":{"file_path":"/work/repo/hello.txt","content":"hello from the fake model\n"},"description":"hello.txt","tool_use_id":"toolu_01W","permission_suggestions":[{"type":"setMode","mode":"acceptEdits","destination":"session"}],"server_policy_ask_only":true}}""";

    public const string AskBash = """{"type":"control_request","request_id":"a1b2c3d4-2222-4a2b-8c3d-0123456789ab","request":{"subtype":"can_use_tool","tool_name":"Bash","display_name":"Bash","input":{"command":"touch made-by-bash.txt","description":"Create a file"},"description":"Create a file","tool_use_id":"toolu_01B","blocked_path":"/work/repo/made-by-bash.txt","permission_suggestions":[{"type":"addRules","rules":[{"toolName":"Bash","ruleContent":"touch made-by-bash.txt"}],"behavior":"allow","destination":"localSettings"},{"type":"addDirectories","directories":["/work"],"destination":"session"}]}}""";

    public const string AskExitPlanMode = """{"type":"control_request","request_id":"e5f6a7b8-3333-4a2b-8c3d-0123456789ab","request":{"subtype":"can_use_tool","tool_name":"ExitPlanMode","display_name":"ExitPlanMode","input":{},"tool_use_id":"toolu_01P","decision_reason_type":"mode","requires_user_interaction":true}}""";

    public const string HookCallback = """{"type":"control_request","request_id":"hook-1","request":{"subtype":"hook_callback","callback_id":"cb1","input":{}}}""";

    public const string InterruptReply = """{"type":"control_response","response":{"subtype":"success","request_id":"grove-1","response":{"still_queued":[]}}}""";

    public const string ErrorReply = """{"type":"control_response","response":{"subtype":"error","request_id":"grove-2","error":"Unsupported control request subtype: nope"}}""";

    public const string CancelRequest = """{"type":"control_cancel_request","request_id":"f9f78f2f-1111-4a2b-8c3d-0123456789ab"}""";

    public const string PermissionDenied = """{"type":"system","subtype":"permission_denied","tool_name":"Write","tool_use_id":"toolu_01W","message":"Claude requested permissions to write to /work/repo/hello.txt, but you haven't granted it yet.","session_id":"s"}""";
}
