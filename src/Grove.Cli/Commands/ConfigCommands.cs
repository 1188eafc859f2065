using System.CommandLine;
using Grove.Services.Settings;

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
            var values = await (await context.GetAsync<ISettingsService>(ct)).ListAsync(ct);
            if (parse.GetValue(GroveCli.JsonOption))
            {
                Json.Write(context.Out, values.ToDictionary(v => v.Key, v => v.Value));
                return ExitCodes.Success;
            }

            Table.Write(context.Out, ["key", "value", "meaning"], values.Select(v => (IReadOnlyList<string?>)[v.Key, v.Value ?? "(default)", v.Description]));
            return ExitCodes.Success;
        });

        var getKey = new Argument<string>("key");
        var get = new Command("get", "Print one setting") { getKey };
        get.SetAction(async (parse, ct) =>
        {
            var setting = await (await context.GetAsync<ISettingsService>(ct)).GetAsync(parse.GetValue(getKey)!, ct);
            context.Out.WriteLine(setting.Value ?? string.Empty);
            return ExitCodes.Success;
        });

        var setKey = new Argument<string>("key");
        var setValue = new Argument<string>("value");
        var set = new Command("set", "Change a setting (trimmed; an empty value returns it to its default)") { setKey, setValue };
        set.SetAction(async (parse, ct) =>
        {
            var setting = await (await context.GetAsync<ISettingsService>(ct)).SetAsync(parse.GetValue(setKey)!, parse.GetValue(setValue), ct);
            context.Out.WriteLine(setting.Value is null ? $"{setting.Key} reset to its default" : $"{setting.Key} = {setting.Value}");
            return ExitCodes.Success;
        });

        var unsetKey = new Argument<string>("key");
        var unset = new Command("unset", "Return a setting to its default") { unsetKey };
        unset.SetAction(async (parse, ct) =>
        {
            var setting = await (await context.GetAsync<ISettingsService>(ct)).SetAsync(parse.GetValue(unsetKey)!, null, ct);
            context.Out.WriteLine($"{setting.Key} reset to its default");
            return ExitCodes.Success;
        });

        config.Subcommands.Add(list);
        config.Subcommands.Add(get);
        config.Subcommands.Add(set);
        config.Subcommands.Add(unset);
        return config;
    }
}
