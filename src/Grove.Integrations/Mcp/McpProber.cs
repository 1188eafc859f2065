using System.Net;
using Grove.Core.Mcp;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace Grove.Integrations.Mcp;

/// <summary>
/// <see cref="IMcpProber"/>: connects, lists tools, prompts and resources. A failure's text (exception,
/// the server's last stderr line) is masked before it is kept or shown: the server's own secret-named
/// variables by value, and every secret Grove stores (<see cref="ISecretRedactor"/>).
/// </summary>
internal sealed class McpProber(McpFileOptions options, IMcpAccessTokens tokens, TimeProvider time, ILoggerFactory? loggerFactory = null, ISecretRedactor? redactor = null) : IMcpProber
{
    private const int MaxErrorLength = 300;

    public async Task<McpProbeResult> ProbeAsync(McpServerDefinition definition, string? workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string? lastStderr = null;
        IReadOnlyDictionary<string, string>? environment = null;
        try
        {
            IClientTransport transport;
            if (definition.Transport == McpTransport.Stdio)
            {
                if (string.IsNullOrWhiteSpace(definition.Command))
                {
                    return Failed("no command is set");
                }

                var stdio = StdioOptions(definition, workingDirectory, options.Environment ?? ChildEnvironment.Current());
                environment = definition.Env;
                stdio.StandardErrorLines = line =>
                {
                    if (!string.IsNullOrWhiteSpace(line))
                    {
                        lastStderr = line;
                    }
                };
                transport = new StdioClientTransport(stdio, loggerFactory ?? NullLoggerFactory.Instance);
            }
            else
            {
                if (!Uri.TryCreate(definition.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                {
                    return Failed("the url is not an http(s) address");
                }

                var headers = await McpHeaders.ForAsync(definition, url, tokens, deadline.Token);
                if (headers is null)
                {
                    return McpProbeResult.Of(McpServerStatus.NeedsSignIn, "sign in to this server first") with { ProbedAt = time.GetUtcNow() };
                }

                transport = new HttpClientTransport(
                    new HttpClientTransportOptions
                    {
                        Name = definition.Name,
                        Endpoint = url,
                        TransportMode = definition.Transport == McpTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                        AdditionalHeaders = headers,
                        ConnectionTimeout = timeout,
                    },
                    loggerFactory ?? NullLoggerFactory.Instance);
            }

            await using var client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions { ClientInfo = new() { Name = "grove", Version = "1.0" }, InitializationTimeout = timeout },
                loggerFactory ?? NullLoggerFactory.Instance,
                deadline.Token);
            var capabilities = client.ServerCapabilities;
            var tools = capabilities.Tools is null ? [] : await client.ListToolsAsync(cancellationToken: deadline.Token);
            var prompts = capabilities.Prompts is null ? [] : await client.ListPromptsAsync(cancellationToken: deadline.Token);
            var resources = capabilities.Resources is null ? [] : await client.ListResourcesAsync(cancellationToken: deadline.Token);
            return new McpProbeResult
            {
                Status = McpServerStatus.Connected,
                ServerName = client.ServerInfo?.Name,
                ServerVersion = client.ServerInfo?.Version,
                Tools = tools.Select(t => new McpToolInfo(t.Name, OneLine(t.Description))).ToList(),
                PromptCount = prompts.Count,
                ResourceCount = resources.Count,
                ProbedAt = time.GetUtcNow(),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"no answer within {timeout.TotalSeconds:0} s" + (lastStderr is null ? "" : $" ({lastStderr})"));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (IsUnauthorized(ex))
            {
                return McpProbeResult.Of(McpServerStatus.NeedsSignIn, "the server answered 401 Unauthorized") with { ProbedAt = time.GetUtcNow() };
            }

            return Failed(Describe(ex) + (lastStderr is null ? "" : $" ({lastStderr})"));
        }

        McpProbeResult Failed(string error) =>
            McpProbeResult.Of(McpServerStatus.Failed, Cut(OneLine(Mask(error, environment)) ?? "failed")) with { ProbedAt = time.GetUtcNow() };
    }

    /// <summary>How a stdio server is started: its command, in the worktree, with only the filtered environment.</summary>
    internal static StdioClientTransportOptions StdioOptions(McpServerDefinition definition, string? workingDirectory, IReadOnlyDictionary<string, string> parent) => new()
    {
        Name = definition.Name,
        Command = definition.Command!,
        Arguments = [.. definition.Args],
        WorkingDirectory = workingDirectory is not null && Directory.Exists(workingDirectory) ? workingDirectory : null,
        InheritEnvironmentVariables = false,
        EnvironmentVariables = StdioEnvironment(definition, parent).ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal),
    };

    /// <summary>What a stdio server starts with: the filtered parent environment plus only what its definition sets.</summary>
    internal static Dictionary<string, string> StdioEnvironment(McpServerDefinition definition, IReadOnlyDictionary<string, string> parent) =>
        ChildEnvironment.Build(parent, definition.Env, ChildKind.ToolServer);

    private string Mask(string text, IReadOnlyDictionary<string, string>? environment)
    {
        var masked = ChildEnvironment.Redact(text, environment);
        return redactor?.Redact(masked) ?? masked;
    }

    private static bool IsUnauthorized(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } || e.Message.Contains("401", StringComparison.Ordinal) && e.Message.Contains("Unauthorized", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null && inner is not HttpRequestException && string.IsNullOrWhiteSpace(inner.Message))
        {
            inner = inner.InnerException;
        }

        var message = inner.Message;
        if (inner.InnerException is { } cause && cause.Message != message && (inner is IOException || inner is HttpRequestException || message.Length < 40))
        {
            message = $"{message}: {cause.Message}";
        }

        return ChildEnvironment.Redact(message);
    }

    private static string? OneLine(string? text) =>
        text is null ? null : string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Cut(string text) => text.Length <= MaxErrorLength ? text : text[..(MaxErrorLength - 1)] + "…";
}
