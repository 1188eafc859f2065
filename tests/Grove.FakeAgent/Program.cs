using Grove.FakeAgent;

// A stand-in for `claude` in stream-json mode, driven by a script (see FakeScriptRunner).
// The script path comes from FAKE_AGENT_SCRIPT; every command-line argument is accepted.
if (args is ["--version"])
{
    Console.WriteLine("2.1.328 (Claude Code)");
    return 0;
}

var scriptPath = Environment.GetEnvironmentVariable("FAKE_AGENT_SCRIPT");
if (string.IsNullOrEmpty(scriptPath) || !File.Exists(scriptPath))
{
    Console.Error.WriteLine("fake agent: set FAKE_AGENT_SCRIPT to a script file");
    return 2;
}

var output = new FakeOutput(Console.OpenStandardOutput(), Console.OpenStandardError());
var input = new FakeInput(Console.OpenStandardInput(), output);
input.Start();
var runner = new FakeScriptRunner(File.ReadAllText(scriptPath), args, output, input);
return runner.Run();
