using System.Collections.Concurrent;
using System.Globalization;
using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Data.Stores;
using Grove.Integrations.Mcp.OAuth;
using Grove.Services.Settings;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Mcp;

/// <summary>
/// <see cref="IMcpSignIn"/>: one pending sign-in at a time (they share the callback port), waited for in
/// the background with a 5-minute timeout on the injected clock; the code is exchanged and the tokens
/// stored before the browser's page says "Signed in".
/// </summary>
internal sealed partial class McpSignIn(
    IMcpOAuthClient client,
    IMcpOAuthCallbacks callbacks,
    IMcpOAuthStore store,
    ISettingsService settings,
    TimeProvider time,
    ILogger<McpSignIn> logger) : IMcpSignIn, IDisposable
{
    /// <summary>How long a started sign-in waits for the browser.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _errors = new(StringComparer.Ordinal);
    private Pending? _pending;

    public async Task<McpSignInStarted> StartAsync(string serverUrl, McpClientCredentials? clientCredentials = null, CancellationToken cancellationToken = default)
    {
        var server = McpServerUrl.Normalize(serverUrl);
        var key = server.AbsoluteUri;
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            await StopPendingAsync(null);
            _errors.TryRemove(key, out _);
            var port = await CallbackPortAsync(cancellationToken);
            IMcpOAuthCallback callback;
            try
            {
                callback = callbacks.Listen(port);
            }
            catch (McpOAuthCallbackPortException e)
            {
                throw new GroveException(ErrorKind.Conflict, $"{e.Message} Free it, or choose another with `grove config set {SettingKeys.McpOAuthCallbackPort} <port>`.", e);
            }

            try
            {
                var metadata = await client.DiscoverAsync(server, cancellationToken);
                var registration = await RegistrationAsync(key, metadata, clientCredentials, callback.RedirectUri, cancellationToken);
                var authorization = client.CreateAuthorization(metadata, registration, callback.RedirectUri);
                var cancellation = new CancellationTokenSource(Timeout, time);
                var pending = new Pending(key, cancellation);
                pending.Completion = CompleteAsync(pending, callback, metadata, registration, authorization);
                _pending = pending;
                LogStarted(logger, key, metadata.Issuer);
                return new McpSignInStarted(key, authorization.AuthorizeUrl, callback.RedirectUri, Timeout, pending.Completion);
            }
            catch
            {
                callback.Dispose();
                throw;
            }
        }
        finally
        {
            _startLock.Release();
        }
    }

    public async Task<McpSignInStatus> GetStatusAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        var key = McpServerUrl.Normalize(serverUrl).AbsoluteUri;
        if (_pending is { } pending && pending.ServerUrl == key && !pending.Finished && !pending.Completion.IsCompleted)
        {
            return new McpSignInStatus(key, McpSignInState.SigningIn);
        }

        return await StoredStatusAsync(key, cancellationToken);
    }

    private async Task<McpSignInStatus> StoredStatusAsync(string key, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(key, cancellationToken);
        var error = _errors.GetValueOrDefault(key);
        return record switch
        {
            null => new McpSignInStatus(key, McpSignInState.SignedOut, Error: error),
            { NeedsSignIn: true } => new McpSignInStatus(key, McpSignInState.NeedsSignIn, record.ExpiresAt, record.Scopes, error),
            _ => new McpSignInStatus(key, McpSignInState.SignedIn, record.ExpiresAt, record.Scopes, error),
        };
    }

    public async Task<bool> SignOutAsync(string serverUrl, CancellationToken cancellationToken = default)
    {
        var key = McpServerUrl.Normalize(serverUrl).AbsoluteUri;
        await _startLock.WaitAsync(cancellationToken);
        try
        {
            await StopPendingAsync(key);
            _errors.TryRemove(key, out _);
            var deleted = await store.DeleteAsync(key, cancellationToken);
            LogSignedOut(logger, key);
            return deleted;
        }
        finally
        {
            _startLock.Release();
        }
    }

    public void Dispose()
    {
        if (_pending is { } pending && !pending.Completion.IsCompleted)
        {
            pending.Cancellation.Cancel();
        }

    }

    private async Task<McpSignInStatus> CompleteAsync(Pending pending, IMcpOAuthCallback callback, McpOAuthMetadata metadata, McpOAuthClientRegistration registration, McpOAuthAuthorization authorization)
    {
        await Task.Yield();
        var key = pending.ServerUrl;
        try
        {
            using (callback)
            {
                var request = await callback.WaitForCodeAsync(authorization.State, pending.Cancellation.Token);
                try
                {
                    var tokens = await client.ExchangeCodeAsync(metadata.TokenEndpoint, metadata.Resource, registration, request.Code, callback.RedirectUri, authorization.CodeVerifier, pending.Cancellation.Token);
                    await store.SaveAsync(
                        new McpOAuthRecord(
                            key,
                            NeedsSignIn: false,
                            tokens.AccessToken,
                            tokens.RefreshToken,
                            tokens.ExpiresAt,
                            tokens.Scopes ?? metadata.Scopes,
                            registration.ClientId,
                            registration.ClientSecret,
                            callback.RedirectUri.AbsoluteUri,
                            metadata.TokenEndpoint.AbsoluteUri,
                            metadata.Resource),
                        CancellationToken.None);
                    pending.Finished = true;
                    await request.RespondAsync(true, $"Grove is signed in to {key}. You can close this tab.");
                }
                catch (Exception e) when (e is GroveException or OperationCanceledException)
                {
                    if (e is GroveException)
                    {
                        _errors[key] = e.Message;
                    }

                    pending.Finished = true;
                    await request.RespondAsync(false, e is GroveException ? e.Message : "The sign-in was cancelled.");
                    throw;
                }
            }

            LogSignedIn(logger, key);
            return await StoredStatusAsync(key, CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            var message = pending.Superseded
                ? "The sign-in was replaced by a newer one."
                : $"No sign-in came back within {Timeout.TotalMinutes:0} minutes; start it again.";
            return await FailedAsync(key, message);
        }
        catch (GroveException e)
        {
            return await FailedAsync(key, e.Message);
        }
    }

    private async Task<McpSignInStatus> FailedAsync(string key, string message)
    {
        _errors[key] = message;
        LogFailed(logger, key, message);
        try
        {
            return await StoredStatusAsync(key, CancellationToken.None);
        }
        catch (Exception e) when (e is ObjectDisposedException or GroveException)
        {
            // Grove is shutting down (the database is closed): the outcome is the message.
            return new McpSignInStatus(key, McpSignInState.SignedOut, Error: message);
        }
    }

    /// <summary>Cancels the waiting sign-in (only for <paramref name="serverUrl"/> when given) and waits until its listener is closed.</summary>
    private async Task StopPendingAsync(string? serverUrl)
    {
        if (_pending is not { } pending || (serverUrl is not null && pending.ServerUrl != serverUrl))
        {
            return;
        }

        if (!pending.Completion.IsCompleted)
        {
            pending.Superseded = true;
            await pending.Cancellation.CancelAsync();
            await pending.Completion;
        }

        pending.Cancellation.Dispose();
        _pending = null;
    }

    private async Task<McpOAuthClientRegistration> RegistrationAsync(string key, McpOAuthMetadata metadata, McpClientCredentials? configured, Uri redirectUri, CancellationToken cancellationToken)
    {
        if (configured is not null)
        {
            return string.IsNullOrWhiteSpace(configured.ClientId)
                ? throw new GroveException(ErrorKind.InvalidInput, "The client id is empty.")
                : new McpOAuthClientRegistration(configured.ClientId.Trim(), string.IsNullOrWhiteSpace(configured.ClientSecret) ? null : configured.ClientSecret.Trim());
        }

        // A registration made for this server, authorization server and redirect URI is used again.
        if (await store.GetAsync(key, cancellationToken) is { } previous &&
            previous.RedirectUri == redirectUri.AbsoluteUri &&
            previous.TokenEndpoint == metadata.TokenEndpoint.AbsoluteUri)
        {
            return new McpOAuthClientRegistration(previous.ClientId, previous.ClientSecret);
        }

        return await client.RegisterAsync(metadata, redirectUri, cancellationToken);
    }

    private async Task<int> CallbackPortAsync(CancellationToken cancellationToken)
    {
        var value = (await settings.GetAsync(SettingKeys.McpOAuthCallbackPort, cancellationToken)).Value;
        return value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : SettingKeys.DefaultMcpOAuthCallbackPort;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP sign-in to {ServerUrl} started (authorization server {Issuer})")]
    private static partial void LogStarted(ILogger logger, string serverUrl, Uri issuer);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP sign-in to {ServerUrl} completed")]
    private static partial void LogSignedIn(ILogger logger, string serverUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MCP sign-in to {ServerUrl} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string serverUrl, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP sign-out from {ServerUrl}")]
    private static partial void LogSignedOut(ILogger logger, string serverUrl);

    private sealed class Pending(string serverUrl, CancellationTokenSource cancellation)
    {
        public string ServerUrl { get; } = serverUrl;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task<McpSignInStatus> Completion { get; set; } = Task.FromResult(new McpSignInStatus(serverUrl, McpSignInState.SigningIn));

        public bool Superseded { get; set; }

        /// <summary>Set once the outcome is stored, before the browser's page is answered.</summary>
        public volatile bool Finished;
    }
}
