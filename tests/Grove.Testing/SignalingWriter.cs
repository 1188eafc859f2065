using System.Text;

namespace Grove.Testing;

/// <summary>A thread-safe text writer that lets a test wait until some text has been written.</summary>
public sealed class SignalingWriter : StringWriter
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return ToString();
            }
        }
    }

    public override void Write(char value)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            base.Write(value);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    public override void Write(string? value)
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            base.Write(value);
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    public override void WriteLine(string? value) => Write(value + NewLine);

    /// <summary>Waits until the text written so far contains <paramref name="fragment"/>.</summary>
    public async Task<string> WaitForAsync(string fragment, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var text = ToString();
                if (text.Contains(fragment, StringComparison.Ordinal))
                {
                    return text;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
