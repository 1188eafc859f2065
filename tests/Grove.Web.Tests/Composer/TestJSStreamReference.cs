using Microsoft.JSInterop;

namespace Grove.Web.Tests.Composer;

/// <summary>What composer.js hands .NET for a pasted image (<c>DotNet.createJSStreamReference(blob)</c>), over bytes.</summary>
internal sealed class TestJSStreamReference(byte[] data) : IJSStreamReference
{
    public long Length => data.Length;

    public bool Disposed { get; private set; }

    public ValueTask<Stream> OpenReadStreamAsync(long maxAllowedSize = 512000, CancellationToken cancellationToken = default)
    {
        if (data.Length > maxAllowedSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAllowedSize), $"The stream is {data.Length} bytes, more than the {maxAllowedSize} allowed.");
        }

        return ValueTask.FromResult<Stream>(new MemoryStream(data, writable: false));
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
