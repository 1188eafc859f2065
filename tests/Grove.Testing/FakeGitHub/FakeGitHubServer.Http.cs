using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Grove.Testing.FakeGitHub;

public sealed partial class FakeGitHubServer
{
    private sealed record Answer(int Status, object? Json, IReadOnlyDictionary<string, string>? Headers = null);

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        var authorization = request.Headers.Authorization.ToString();
        Answer answer;
        string? etag = null;
        lock (_lock)
        {
            answer = Route(request.Method, request.Path.Value ?? "", request.Query, authorization, body);
            if (request.Method == "GET" && answer.Status == 200)
            {
                etag = $"W/\"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Serialize(answer.Json))), 0, 12).ToLowerInvariant()}\"";
                if (ifNoneMatch.Length > 0 && ifNoneMatch == etag)
                {
                    answer = new Answer(304, null);
                }
            }

            _requests.Add(new FakeGitHubRequest(
                request.Method,
                request.Path.Value ?? "",
                request.QueryString.Value ?? "",
                ifNoneMatch.Length == 0 ? null : ifNoneMatch,
                authorization.Length == 0 ? null : authorization,
                body,
                answer.Status));
        }

        var response = context.Response;
        response.StatusCode = answer.Status;
        response.Headers["X-RateLimit-Limit"] = "5000";
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }

        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            response.Headers[name] = value;
        }

        if (answer.Json is not null && answer.Status != 304)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(Serialize(answer.Json), context.RequestAborted);
        }
    }

    private Answer Route(string method, string path, IQueryCollection query, string authorization, string body)
    {
        if (_rateLimitResetNext is { } reset)
        {
            _rateLimitResetNext = null;
            return new Answer(403, Message("API rate limit exceeded for user ID 1."), new Dictionary<string, string>
            {
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            });
        }

        var token = authorization.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? authorization[6..]
            : authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..]
            : null;
        if (token != Token)
        {
            return new Answer(401, Message("Bad credentials"));
        }

        if (method == "POST" && path == "/api/graphql")
        {
            return GraphQlAvailable ? GraphQl(body) : new Answer(404, Message("Not Found"));
        }

        var prefix = $"/api/v3/repos/{Owner}/{Repository}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return new Answer(404, Message("Not Found"));
        }

        var parts = path[prefix.Length..].TrimEnd('/').Split('/');
        return (method, parts) switch
        {
            ("POST", ["pulls"]) => CreatePull(body),
            ("GET", ["pulls"]) => new Answer(200, new JsonArray([.. _pulls
                .Where(p => query["head"].ToString() is not { Length: > 0 } head || head == $"{Owner}:{p.Head}")
                .Where(p => query["state"].ToString() is "all" || p.State == (query["state"].ToString() is { Length: > 0 } s ? s : "open"))
                .OrderByDescending(p => p.Number)
                .Select(p => PullJson(Refreshed(p)))])),
            ("GET", ["pulls", var n]) => FindPull(n) is { } pull ? new Answer(200, PullJson(Refreshed(pull))) : NotFound(),
            ("PUT", ["pulls", var n, "merge"]) => FindPull(n) is { } pull ? Merge(Refreshed(pull), body) : NotFound(),
            ("GET", ["pulls", var n, "comments"]) => FindPull(n) is { } pull ? new Answer(200, Comments(pull.Number)) : NotFound(),
            ("GET", ["pulls", var n, "reviews"]) => FindPull(n) is { } pull ? new Answer(200, Reviews(pull.Number)) : NotFound(),
            ("GET", ["commits", var sha, "check-runs"]) => new Answer(200, CheckRuns(sha)),
            ("GET", ["commits", var sha, "status"]) => new Answer(200, CombinedStatus(sha)),
            ("DELETE", ["git", "refs", "heads", .. var branch]) => DeleteBranch(string.Join('/', branch)),
            _ => NotFound(),
        };
    }

    private Answer CreatePull(string body)
    {
        var json = JsonNode.Parse(body)!;
        var head = json["head"]!.GetValue<string>();
        if (head.Contains(':', StringComparison.Ordinal))
        {
            head = head[(head.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }

        if (_pulls.Any(p => p.Head == head && p.State == "open"))
        {
            return new Answer(422, Validation($"A pull request already exists for {Owner}:{head}."));
        }

        var sha = PushedHead(head) ?? _heads.GetValueOrDefault(head);
        if (sha is null)
        {
            return new Answer(422, Validation($"head: '{head}' is not a branch of {Owner}/{Repository}."));
        }

        var pull = new FakePullRequest
        {
            Number = _pulls.Count + 1,
            Title = json["title"]!.GetValue<string>(),
            Body = json["body"]?.GetValue<string>(),
            Head = head,
            HeadSha = sha,
            Base = json["base"]!.GetValue<string>(),
            Draft = json["draft"]?.GetValue<bool>() ?? false,
        };
        _pulls.Add(pull);
        return new Answer(201, PullJson(pull));
    }

    /// <summary>A branch's tip in the attached bare repository (see <see cref="UseAsOriginOf"/>), or null.</summary>
    private string? PushedHead(string branch)
    {
        if (_barePath is null)
        {
            return null;
        }

        var (code, stdout, _) = TestGit.TryRun(_barePath, "rev-parse", "--verify", "--quiet", $"refs/heads/{branch}");
        return code == 0 ? stdout.Trim() : null;
    }

    /// <summary>An open pull request follows pushes to its head branch.</summary>
    private FakePullRequest Refreshed(FakePullRequest pull)
    {
        if (pull.State == "open" && PushedHead(pull.Head) is { } sha)
        {
            pull.HeadSha = sha;
        }

        return pull;
    }

    private Answer Merge(FakePullRequest pull, string body)
    {
        var json = string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        if (pull.Mergeable is not true || pull.State != "open")
        {
            return new Answer(405, Message("Pull Request is not mergeable"));
        }

        if (json?["sha"]?.GetValue<string>() is { Length: > 0 } sha && sha != pull.HeadSha)
        {
            return new Answer(409, Message("Head branch was modified. Review and try the merge again."));
        }

        pull.Merged = true;
        pull.State = "closed";
        pull.MergeMethod = json?["merge_method"]?.GetValue<string>() ?? "merge";
        return new Answer(200, new JsonObject
        {
            ["sha"] = new string('m', 40),
            ["merged"] = true,
            ["message"] = "Pull Request successfully merged",
        });
    }

    private Answer DeleteBranch(string branch)
    {
        if (!_heads.Remove(branch) && PushedHead(branch) is null)
        {
            return new Answer(422, Validation("Reference does not exist"));
        }

        _deletedBranches.Add(branch);
        return new Answer(204, null);
    }

    private FakePullRequest? FindPull(string number) =>
        int.TryParse(number, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? _pulls.FirstOrDefault(p => p.Number == n) : null;

    private JsonObject PullJson(FakePullRequest pull) => new()
    {
        ["id"] = pull.Number * 1000,
        ["number"] = pull.Number,
        ["html_url"] = $"{BaseUrl}{Owner}/{Repository}/pull/{pull.Number}",
        ["url"] = $"{ApiUrl}repos/{Owner}/{Repository}/pulls/{pull.Number}",
        ["title"] = pull.Title,
        ["body"] = pull.Body,
        ["state"] = pull.State,
        ["merged"] = pull.Merged,
        ["merged_at"] = pull.Merged ? "2026-01-01T01:00:00Z" : null,
        ["closed_at"] = pull.State == "closed" ? "2026-01-01T01:00:00Z" : null,
        ["draft"] = pull.Draft,
        ["mergeable"] = pull.Mergeable,
        ["mergeable_state"] = pull.MergeableState,
        ["user"] = new JsonObject { ["login"] = Owner, ["id"] = 1 },
        ["head"] = new JsonObject { ["ref"] = pull.Head, ["sha"] = pull.HeadSha, ["label"] = $"{Owner}:{pull.Head}" },
        ["base"] = new JsonObject { ["ref"] = pull.Base, ["sha"] = new string('b', 40), ["label"] = $"{Owner}:{pull.Base}" },
        ["created_at"] = "2026-01-01T00:00:00Z",
        ["updated_at"] = "2026-01-01T00:00:00Z",
    };

    private JsonObject CheckRuns(string sha)
    {
        var runs = _checkRuns.GetValueOrDefault(sha) ?? [];
        return new JsonObject
        {
            ["total_count"] = runs.Count,
            ["check_runs"] = new JsonArray([.. runs.Select((run, i) => (JsonNode)new JsonObject
            {
                ["id"] = i + 1,
                ["name"] = run.Name,
                ["head_sha"] = sha,
                ["status"] = run.Conclusion is null ? "in_progress" : "completed",
                ["conclusion"] = run.Conclusion,
                ["html_url"] = $"{BaseUrl}{Owner}/{Repository}/runs/{i + 1}",
                ["details_url"] = $"{BaseUrl}{Owner}/{Repository}/runs/{i + 1}",
                ["output"] = new JsonObject { ["title"] = run.Title, ["summary"] = run.Summary, ["text"] = run.Text },
            })]),
        };
    }

    private JsonObject CombinedStatus(string sha)
    {
        var statuses = _statuses.GetValueOrDefault(sha) ?? [];
        var state = statuses.Count == 0 ? "pending"
            : statuses.Any(s => s.State is "failure" or "error") ? "failure"
            : statuses.Any(s => s.State == "pending") ? "pending"
            : "success";
        return new JsonObject
        {
            ["state"] = state,
            ["sha"] = sha,
            ["total_count"] = statuses.Count,
            ["statuses"] = new JsonArray([.. statuses.Select((s, i) => (JsonNode)new JsonObject
            {
                ["id"] = i + 1,
                ["context"] = s.Context,
                ["state"] = s.State,
                ["description"] = s.Description,
                ["target_url"] = $"{BaseUrl}ci/{Uri.EscapeDataString(s.Context)}",
                ["created_at"] = "2026-01-01T00:00:00Z",
                ["updated_at"] = "2026-01-01T00:00:00Z",
            })]),
        };
    }

    private JsonArray Comments(int number) =>
        new([.. (_comments.GetValueOrDefault(number) ?? []).Select((c, i) => (JsonNode)new JsonObject
        {
            ["id"] = i + 1,
            ["path"] = c.Path,
            ["diff_hunk"] = $"@@ -{c.Line},1 +{c.Line},1 @@\n+line {c.Line}",
            ["position"] = 1,
            ["original_position"] = 1,
            ["body"] = c.Body,
            ["user"] = new JsonObject { ["login"] = c.Author, ["id"] = 2 },
            ["html_url"] = $"{BaseUrl}{Owner}/{Repository}/pull/{number}#discussion_r{i + 1}",
            ["in_reply_to_id"] = c.InReplyTo,
            ["commit_id"] = new string('c', 40),
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["updated_at"] = "2026-01-01T00:00:00Z",
        })]);

    /// <summary>GraphQL: a pull request's review threads (the only query Grove sends), from the review comments.</summary>
    private Answer GraphQl(string body)
    {
        var json = JsonNode.Parse(body);
        var variables = json?["variables"];
        var query = json?["query"]?.GetValue<string>() ?? "";
        if (!query.Contains("reviewThreads", StringComparison.Ordinal) || variables?["owner"]?.GetValue<string>() != Owner || variables?["name"]?.GetValue<string>() != Repository)
        {
            return new Answer(200, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = "Could not resolve to a Repository or query." }) });
        }

        var number = variables["number"]!.GetValue<int>();
        if (FindPull(number.ToString(CultureInfo.InvariantCulture)) is null)
        {
            return new Answer(200, new JsonObject { ["data"] = new JsonObject { ["repository"] = new JsonObject { ["pullRequest"] = null } } });
        }

        var comments = (_comments.GetValueOrDefault(number) ?? []).Select((c, i) => (Id: (long)(i + 1), Comment: c)).ToList();
        long RootOf(long id)
        {
            var current = comments[(int)id - 1];
            while (current.Comment.InReplyTo is { } parent && parent >= 1 && parent <= comments.Count)
            {
                current = comments[(int)parent - 1];
            }

            return current.Id;
        }

        var threads = comments.GroupBy(c => RootOf(c.Id)).Select(group =>
        {
            var root = comments[(int)group.Key - 1].Comment;
            return (JsonNode)new JsonObject
            {
                ["id"] = $"PRRT_{group.Key}",
                ["isResolved"] = root.Resolved,
                ["isOutdated"] = false,
                ["path"] = root.Path,
                ["line"] = root.Line,
                ["originalLine"] = root.Line,
                ["comments"] = new JsonObject
                {
                    ["nodes"] = new JsonArray([.. group.Select(c => (JsonNode)new JsonObject
                    {
                        ["databaseId"] = c.Id,
                        ["author"] = new JsonObject { ["login"] = c.Comment.Author },
                        ["body"] = c.Comment.Body,
                        ["url"] = $"{BaseUrl}{Owner}/{Repository}/pull/{number}#discussion_r{c.Id}",
                        ["createdAt"] = "2026-01-01T00:00:00Z",
                        ["diffHunk"] = $"@@ -{c.Comment.Line},1 +{c.Comment.Line},1 @@\n+line {c.Comment.Line}",
                        ["replyTo"] = c.Comment.InReplyTo is { } parent ? new JsonObject { ["databaseId"] = parent } : null,
                    })]),
                },
            };
        });
        return new Answer(200, new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["repository"] = new JsonObject { ["pullRequest"] = new JsonObject { ["reviewThreads"] = new JsonObject { ["nodes"] = new JsonArray([.. threads]) } } },
            },
        });
    }

    private JsonArray Reviews(int number) =>
        new([.. (_reviews.GetValueOrDefault(number) ?? []).Select((r, i) => (JsonNode)new JsonObject
        {
            ["id"] = i + 1,
            ["user"] = new JsonObject { ["login"] = r.User, ["id"] = 3 + i },
            ["state"] = r.State,
            ["body"] = "",
            ["submitted_at"] = $"2026-01-01T00:{i:00}:00Z",
        })]);

    private static Answer NotFound() => new(404, Message("Not Found"));

    private static JsonObject Message(string message) => new() { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };

    private static JsonObject Validation(string message) => new()
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = "PullRequest", ["code"] = "custom", ["message"] = message }),
    };

    private static string Serialize(object? json) => json switch
    {
        null => "",
        JsonNode node => node.ToJsonString(),
        _ => JsonSerializer.Serialize(json),
    };
}
