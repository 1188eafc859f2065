using Grove.Core.Errors;
using Grove.Services.Changes;

namespace Grove.Web.Changes;

/// <summary>A failed git operation in words: a headline for the panel and git's own output, if any, as detail.</summary>
public sealed record ChangesError(string Message, string? Detail);

/// <summary>Turns the errors of commit, push and pull into text a person can act on.</summary>
public static class GitErrorText
{
    public static ChangesError Describe(string operation, GroveException error)
    {
        var detail = (error as GitCommandException)?.StandardError is { Length: > 0 } stderr ? stderr.Trim() : null;
        var all = error.Message + "\n" + detail;
        var message = operation switch
        {
            _ when Has(all, "'origin' does not appear to be a git repository") || Has(all, "No such remote") || Has(all, "No configured push destination") =>
                "This repository has no remote named 'origin'. Add one (git remote add origin <url>) to push and pull.",
            _ when Has(all, "does not appear to be a git repository") =>
                $"The remote could not be used: {FirstLine(detail ?? error.Message)}",
            "pull" when Has(all, "There is no tracking information") || Has(all, "no such ref was fetched") =>
                "This branch has no upstream branch yet: push it first.",
            "push" when Has(all, "[rejected]") || Has(all, "non-fast-forward") || Has(all, "fetch first") =>
                "The remote branch has commits you don't have. Pull first, then push.",
            _ when Has(all, "Could not resolve host") || Has(all, "Could not read from remote repository") =>
                $"Could not reach the remote: {error.Message}",
            _ when Has(all, "Authentication failed") || Has(all, "Permission denied") =>
                "The remote refused the credentials. Check your git credentials for this remote.",
            "commit" when error is NothingToCommitException { UntrackedFiles: > 0 } nothing =>
                $"Nothing to commit: {nothing.UntrackedFiles} new file(s) are not staged. Stage them first.",
            "commit" when error is NothingToCommitException || error.Message == "nothing to commit" =>
                "Nothing to commit: there are no changes.",
            "commit" when error is GitCommandException && detail is not null && (Has(detail, "hook") || !Has(detail, "fatal:")) =>
                "The commit was rejected (a git hook failed). Its output:",
            _ => error.Message,
        };
        return new ChangesError(message, detail is null || detail == error.Message ? null : detail);
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(l => l.StartsWith("fatal:", StringComparison.Ordinal)) ?? text.Trim();

    private static bool Has(string text, string value) => text.Contains(value, StringComparison.OrdinalIgnoreCase);
}
