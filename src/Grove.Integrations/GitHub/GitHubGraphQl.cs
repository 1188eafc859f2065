using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grove.Core.Errors;

namespace Grove.Integrations.GitHub;

/// <summary>
/// The little of GitHub's GraphQL API Grove needs (Octokit has none): a pull request's review threads
/// with their resolved state. POST <c>https://api.github.com/graphql</c>, or <c>https://host/api/graphql</c>
/// for an Enterprise server (the REST base <c>/api/v3/</c> with <c>v3</c> replaced).
/// </summary>
internal sealed class GitHubGraphQl(HttpClient http)
{
    private const string ReviewThreadsQuery =
        """
        query($owner: String!, $name: String!, $number: Int!) {
          repository(owner: $owner, name: $name) {
            pullRequest(number: $number) {
              reviewThreads(first: 100) {
                nodes {
                  id isResolved isOutdated path line originalLine
                  comments(first: 50) {
                    nodes { databaseId author { login } body url createdAt diffHunk replyTo { databaseId } }
                  }
                }
              }
            }
          }
        }
        """;

    /// <summary>The GraphQL endpoint beside a REST API base.</summary>
    public static Uri EndpointFor(Uri apiBase)
    {
        var path = apiBase.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? new Uri(apiBase, path[..^"v3".Length] + "graphql")
            : new Uri(apiBase, path + "/graphql");
    }

    public async Task<IReadOnlyList<GitHubReviewThread>> ReviewThreadsAsync(GitHubRepository repository, string token, int number, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, EndpointFor(repository.ApiBaseUrl))
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["query"] = ReviewThreadsQuery,
                ["variables"] = new JsonObject { ["owner"] = repository.Owner, ["name"] = repository.Name, ["number"] = number },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd("Grove");
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new GroveException(ErrorKind.Unexpected, $"GitHub's GraphQL API answered {(int)response.StatusCode} for {repository}.");
        }

        var root = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (root?["errors"] is JsonArray { Count: > 0 } errors)
        {
            throw new GroveException(ErrorKind.Unexpected, $"GitHub's GraphQL API refused the query: {errors[0]?["message"]?.GetValue<string>()}");
        }

        var threads = root?["data"]?["repository"]?["pullRequest"]?["reviewThreads"]?["nodes"] as JsonArray
            ?? throw new GroveException(ErrorKind.Unexpected, $"GitHub's GraphQL API gave no review threads for {repository} #{number}.");
        return [.. threads.OfType<JsonObject>().Select(Thread)];
    }

    private static GitHubReviewThread Thread(JsonObject node)
    {
        var comments = (node["comments"]?["nodes"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new GitHubReviewComment(
            c["databaseId"]?.GetValue<long>() ?? 0,
            node["path"]?.GetValue<string>() ?? "",
            Int(node["line"]) ?? Int(node["originalLine"]),
            c["author"]?["login"]?.GetValue<string>(),
            c["body"]?.GetValue<string>() ?? "",
            c["url"]?.GetValue<string>(),
            c["replyTo"]?["databaseId"]?.GetValue<long>(),
            c["createdAt"]?.GetValue<DateTimeOffset>() ?? default,
            c["diffHunk"]?.GetValue<string>())).ToList();
        return new GitHubReviewThread(
            node["id"]?.GetValue<string>() ?? "",
            node["path"]?.GetValue<string>() ?? "",
            Int(node["line"]) ?? Int(node["originalLine"]),
            node["isResolved"]?.GetValue<bool>() ?? false,
            node["isOutdated"]?.GetValue<bool>() ?? false,
            comments);
    }

    private static int? Int(JsonNode? node) => node?.GetValueKind() == JsonValueKind.Number ? node.GetValue<int>() : null;
}
