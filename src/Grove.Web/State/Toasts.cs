namespace Grove.Web.State;

public enum ToastKind
{
    Info,
    Success,
    Error,
}

/// <summary>A short message at the bottom right; an optional action (e.g. Undo) runs when clicked.</summary>
public sealed record Toast(long Id, string Message, ToastKind Kind, string? ActionLabel, Func<Task>? Action);

/// <summary>One circuit's toasts. Messages disappear after a few seconds unless they are errors.</summary>
public sealed class Toasts
{
    private readonly List<Toast> _items = [];
    private long _next;

    public event Action? Changed;

    public IReadOnlyList<Toast> Items
    {
        get
        {
            lock (_items)
            {
                return _items.ToArray();
            }
        }
    }

    public Toast Show(string message, ToastKind kind = ToastKind.Info, string? actionLabel = null, Func<Task>? action = null, TimeSpan? duration = null)
    {
        var toast = new Toast(Interlocked.Increment(ref _next), message, kind, actionLabel, action);
        lock (_items)
        {
            _items.Add(toast);
        }

        Changed?.Invoke();
        var lifetime = duration ?? (kind == ToastKind.Error ? TimeSpan.FromSeconds(12) : TimeSpan.FromSeconds(6));
        _ = Task.Delay(lifetime).ContinueWith(_ => Dismiss(toast.Id), TaskScheduler.Default);
        return toast;
    }

    public void Error(string message) => Show(message, ToastKind.Error);

    public void Dismiss(long id)
    {
        bool removed;
        lock (_items)
        {
            removed = _items.RemoveAll(t => t.Id == id) > 0;
        }

        if (removed)
        {
            Changed?.Invoke();
        }
    }
}
