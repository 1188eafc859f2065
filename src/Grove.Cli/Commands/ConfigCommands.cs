using System.CommandLine;
using Grove.Data.Stores;
using Grove.Services;

namespace Grove.Cli.Commands;

/// <summary><c>grove config list|get|set|unset</c>: plain settings (never secrets).</summary>
internal static class ConfigCommands
{
    public static Command Build(CliContext context)
    {
        var config = new Command("config", "Read and change Grove's settings");

        var list = new Command("list", "Show every setting, its value and what it does");
        list.SetAction(async (parse, ct) =>
        {
            var values = await (await context.GetAsync<ISettingsStore>(ct)).ListAsync(ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, SettingKeys.Descriptions.Keys.ToDictionary(k => k, k => values.GetValueOrDefault(k)));
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["key", "value", "meaning"], SettingKeys.Descriptions.Select(d => (IReadOnlyList<string?>)[d.Key, values.GetValueOrDefault(d.Key) ?? "(default)", d.Value]));
            return ExitCodes.Success;
        });

        var getKey = new Argument<string>("key");
        var get = new Command("get", "Print one setting") { getKey };
        get.SetAction(async (parse, ct) =>
        {
            var key = parse.GetValue(getKey)!;
            SettingKeys.EnsureKnown(key);
            context.Out.WriteLine(await (await context.GetAsync<ISettingsStore>(ct)).GetAsync(key, ct) ?? string.Empty);
            return ExitCodes.Success;
        });

        var setKey = new Argument<string>("key");
        var setValue = new Argument<string>("value");
        var set = new Command("set", "Change a setting") { setKey, setValue };
        set.SetAction(async (parse, ct) =>
        {
            var key = parse.GetValue(setKey)!;
            var value = SettingKeys.Validate(key, parse.GetValue(setValue)!);
            await (await context.GetAsync<ISettingsStore>(ct)).SetAsync(key, value, ct);
            context.Out.WriteLine($"{key} = {value}");
            return ExitCodes.Success;
        });

        var unsetKey = new Argument<string>("key");
        var unset = new Command("unset", "Return a setting to its default") { unsetKey };
        unset.SetAction(async (parse, ct) =>
        {
            var key = parse.GetValue(unsetKey)!;
            SettingKeys.EnsureKnown(key);
            await (await context.GetAsync<ISettingsStore>(ct)).SetAsync(key, null, ct);
            context.Out.WriteLine($"{key} reset to its default");
            return ExitCodes.Success;
        });

        config.Subcommands.Add(list);
        config.Subcommands.Add(get);
        config.Subcommands.Add(set);
        config.Subcommands.Add(unset);
        return config;
    }
}
