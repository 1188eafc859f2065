using System.Globalization;
using System.Net;
using Grove.Core.Errors;
using Octokit;

namespace Grove.Integrations.GitHub;

/// <summary>The one place GitHub's answers become <see cref="GroveException"/>s, one clear line each.</summary>
internal static class GitHubErrors
{
    public static GroveException Translate(Exception exception, GitHubRepository repository, string tokenSource, TimeProvider time)
    {
        var where = repository.ToString();
        return exception switch
        {
            GroveException grove => grove,
            RateLimitExceededException rate => RateLimited(rate.Reset, time),
            SecondaryRateLimitExceededException => new GroveException(ErrorKind.RateLimited, $"GitHub's secondary rate limit was hit for {where}; wait a minute and try again.", exception),
            AuthorizationException => new GroveException(ErrorKind.AuthRequired, $"GitHub refused the token from {tokenSource} (401 Bad credentials); set a valid one with 'grove secret set github.token' or 'gh auth login'.", exception),
            PullRequestNotMergeableException => new GroveException(ErrorKind.Conflict, $"GitHub says the pull request is not mergeable (405): {Message(exception)}", exception),
            PullRequestMismatchException => new GroveException(ErrorKind.Conflict, "The pull request's head changed since it was checked (409); look at the new commits, then merge again.", exception),
            ApiException { StatusCode: (HttpStatusCode)429 } api => RateLimited(ResetOf(api), time),
            ForbiddenException => new GroveException(ErrorKind.AuthRequired, $"GitHub refused access to {where} with the token from {tokenSource} (403): {Message(exception)}", exception),
            NotFoundException => new GroveException(ErrorKind.NotFound, $"{where} is not visible with the token from {tokenSource} (404); check the remote and the token's access.", exception),
            ApiValidationException validation when Message(validation).Contains("already exists", StringComparison.OrdinalIgnoreCase) =>
                new GroveException(ErrorKind.AlreadyExists, $"GitHub: {Message(validation)} (422).", exception),
            ApiValidationException validation => new GroveException(ErrorKind.InvalidInput, $"GitHub refused the request (422): {Message(validation)}", exception),
            ApiException { StatusCode: HttpStatusCode.MethodNotAllowed } => new GroveException(ErrorKind.Conflict, $"GitHub says the pull request is not mergeable (405): {Message(exception)}", exception),
            ApiException { StatusCode: HttpStatusCode.Conflict } => new GroveException(ErrorKind.Conflict, $"GitHub reported a conflict (409): {Message(exception)}", exception),
            ApiException api => new GroveException(ErrorKind.Unexpected, $"GitHub answered {(int)api.StatusCode} for {where}: {Message(exception)}", exception),
            HttpRequestException http => new GroveException(ErrorKind.Network, $"Could not reach GitHub at {repository.ApiBaseUrl.GetLeftPart(UriPartial.Authority)}: {http.Message}", exception),
            TaskCanceledException or TimeoutException => new GroveException(ErrorKind.Network, $"GitHub at {repository.ApiBaseUrl.GetLeftPart(UriPartial.Authority)} did not answer in time.", exception),
            _ => new GroveException(ErrorKind.Unexpected, $"GitHub request failed: {exception.Message}", exception),
        };
    }

    private static GroveException RateLimited(DateTimeOffset reset, TimeProvider time)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((reset - time.GetUtcNow()).TotalMinutes));
        return new GroveException(
            ErrorKind.RateLimited,
            $"GitHub's rate limit is used up; it resets at {reset.ToUniversalTime().ToString("HH:mm", CultureInfo.InvariantCulture)} UTC (in about {minutes} min).");
    }

    private static DateTimeOffset ResetOf(ApiException api)
    {
        var headers = api.HttpResponse?.Headers;
        if (headers is not null && headers.TryGetValue("X-RateLimit-Reset", out var value) &&
            long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (headers is not null && headers.TryGetValue("Retry-After", out var retry) &&
            int.TryParse(retry, NumberStyles.Integer, CultureInfo.InvariantCulture, out var after))
        {
            return DateTimeOffset.UtcNow.AddSeconds(after);
        }

        return DateTimeOffset.UtcNow.AddMinutes(1);
    }

    private static string Message(Exception exception)
    {
        var text = exception is ApiException api ? (api.ApiError?.Errors is { Count: > 0 } errors ? errors[0].Message : null) ?? api.ApiError?.Message ?? api.Message : exception.Message;
        return string.Join(' ', (text ?? "").Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
    }
}
