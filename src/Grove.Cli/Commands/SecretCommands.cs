using System.CommandLine;
using Grove.Core.Errors;
using Grove.Services;
using Grove.Services.Settings;

namespace Grove.Cli.Commands;

/// <summary>
/// <c>grove secret set|list|rm</c>: API keys and tokens, stored encrypted. A value is read from
/// stdin (never from the command line, where it would land in shell history and process lists).
/// </summary>
internal static class SecretCommands
{
    public static Command Build(CliContext context)
    {
        var secret = new Command("secret", "API keys and tokens (stored encrypted, never shown)");

        var setName = new Argument<string>("name") { Description = string.Join(", ", SettingKeys.Secrets.Keys) };
        var set = new Command("set", "Store a secret read from stdin (e.g. `grove secret set anthropic.api_key < key.txt`)") { setName };
        set.SetAction(async (parse, ct) =>
        {
            var name = SettingKeys.EnsureKnownSecret(parse.GetValue(setName)!);
            var value = await context.In.ReadLineAsync(ct);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"No value on stdin; pipe it in, e.g. `grove secret set {name} < key.txt`.");
            }

            await (await context.GetAsync<ISettingsService>(ct)).SetSecretAsync(name, value, ct);
            context.Out.WriteLine($"Stored {name} (encrypted).");
            return ExitCodes.Success;
        });

        var list = new Command("list", "Which secrets are set (names only)");
        list.SetAction(async (parse, ct) =>
        {
            var secrets = await (await context.GetAsync<ISettingsService>(ct)).ListSecretsAsync(ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, secrets.ToDictionary(s => s.Name, s => s.IsSet));
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["name", "set", "meaning"], secrets.Select(s => (IReadOnlyList<string?>)[s.Name, s.IsSet ? "yes" : "no", s.Description]));
            return ExitCodes.Success;
        });

        var rmName = new Argument<string>("name");
        var rm = new Command("rm", "Delete a secret") { rmName };
        rm.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(rmName)!;
            var removed = await (await context.GetAsync<ISettingsService>(ct)).ClearSecretAsync(name, ct);
            context.Out.WriteLine(removed ? $"Deleted {name}." : $"{name} was not set.");
            return ExitCodes.Success;
        });

        secret.Subcommands.Add(set);
        secret.Subcommands.Add(list);
        secret.Subcommands.Add(rm);
        return secret;
    }
}
