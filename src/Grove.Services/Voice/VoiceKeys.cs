using Grove.Agents;
using Grove.Data.Stores;

namespace Grove.Services.Voice;

/// <summary>An OpenAI key and where it was found (the source is shown, the key never).</summary>
internal sealed record VoiceKey(string Key, string Source);

/// <summary>
/// Finds the OpenAI key for voice input; the first found wins: Grove's secret <c>openai.api_key</c>,
/// <c>GROVE_OPENAI_API_KEY</c>, <c>OPENAI_API_KEY</c> in Grove's environment, then
/// <c>OPENAI_API_KEY</c> as the user's login shell exports it.
/// </summary>
internal sealed class VoiceKeys(ICredentialStore credentials, AgentHostEnvironment host, LoginShellVariable shell)
{
    public const string GroveVariable = "GROVE_OPENAI_API_KEY";
    public const string OpenAIVariable = "OPENAI_API_KEY";

    public async Task<VoiceKey?> FindAsync(CancellationToken cancellationToken)
    {
        if (await credentials.GetAsync(SettingKeys.OpenAIKeySecret, cancellationToken) is { } secret && secret.Trim().Length > 0)
        {
            return new VoiceKey(secret.Trim(), $"secret {SettingKeys.OpenAIKeySecret}");
        }

        foreach (var name in (string[])[GroveVariable, OpenAIVariable])
        {
            if (host.Get(name) is { } value && value.Trim().Length > 0)
            {
                return new VoiceKey(value.Trim(), name);
            }
        }

        return await shell.ReadAsync(OpenAIVariable, cancellationToken) is { } fromShell
            ? new VoiceKey(fromShell, $"{OpenAIVariable} in your login shell")
            : null;
    }
}
