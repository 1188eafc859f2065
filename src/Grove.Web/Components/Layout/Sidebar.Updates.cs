using Grove.Core.Updates;
using Grove.Services.Updates;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Layout;

/// <summary>
/// The quiet update notice in the sidebar's foot. The page posts <c>/api/updates/check</c> when it
/// regains focus (grove.js); a check that finds something new raises <see cref="IUpdates.Changed"/>.
/// </summary>
public sealed partial class Sidebar
{
    private UpdateStatus? _update;

    [Inject] private IUpdates Updates { get; set; } = null!;

    private UpdateStatus? AvailableUpdate => _update is { UpdateAvailable: true } update ? update : null;

    private static bool IsLink(string? notes) =>
        Uri.TryCreate(notes, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    private void StartUpdates()
    {
        Updates.Changed += OnUpdatesChanged;
        _update = Updates.Latest;
    }

    private void StopUpdates() => Updates.Changed -= OnUpdatesChanged;

    private void OnUpdatesChanged() => _ = InvokeAsync(() =>
    {
        _update = Updates.Latest;
        StateHasChanged();
    });
}
