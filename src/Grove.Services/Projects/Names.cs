using System.Security.Cryptography;
using System.Text;
using Grove.Core.Errors;

namespace Grove.Services;

/// <summary>Project and workspace names: validation, slugs, readable generated names.</summary>
public static class Names
{
    private static readonly string[] Adjectives =
    [
        "amber", "brave", "calm", "clever", "cosmic", "crisp", "daring", "eager", "fancy", "gentle",
        "golden", "happy", "humble", "jolly", "keen", "lively", "lucky", "mellow", "mighty", "nimble",
        "noble", "proud", "quick", "quiet", "rapid", "shiny", "silent", "smooth", "sunny", "swift",
        "tidy", "vivid", "warm", "wise", "witty", "zesty",
    ];

    private static readonly string[] Animals =
    [
        "badger", "beaver", "bison", "crane", "dolphin", "eagle", "falcon", "ferret", "fox", "gecko",
        "heron", "ibis", "jaguar", "koala", "lemur", "lynx", "marten", "moose", "newt", "otter",
        "owl", "panda", "puffin", "quokka", "raven", "salmon", "seal", "sparrow", "tapir", "tiger",
        "toucan", "walrus", "weasel", "wombat", "yak", "zebra",
    ];

    /// <summary>A readable name such as <c>swift-otter-3fa2</c>.</summary>
    public static string Generate()
    {
        var adjective = Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)];
        var animal = Animals[RandomNumberGenerator.GetInt32(Animals.Length)];
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2));
        return $"{adjective}-{animal}-{suffix}";
    }

    /// <summary>Lowercase letters, digits, '-', '_' and '.'; other characters become '-'.</summary>
    public static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? char.ToLowerInvariant(c) : '-');
        }

        var slug = builder.ToString().Trim('-', '.');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return slug.Length == 0 ? "project" : slug[..Math.Min(slug.Length, 64)];
    }

    public static string ValidateProjectName(string name) => Validate(name, "project");

    public static string ValidateWorkspaceName(string name) => Validate(name, "workspace");

    private static string Validate(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The {what} name is empty.");
        }

        if (name.Length > 64)
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The {what} name '{name[..20]}…' is longer than 64 characters.");
        }

        if (name[0] is '-' or '.' || name.EndsWith('.') || name.EndsWith(".lock", StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"The {what} name '{name}' may not start with '-' or '.', end with '.' or '.lock', or contain '..'.");
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new GroveException(ErrorKind.InvalidInput, $"The {what} name '{name}' has '{c}': use ASCII letters (a-z, A-Z), digits, '-', '_' and '.' only.");
            }
        }

        return name;
    }
}
