using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Grove.FakeAgent;

/// <summary>Writes whole lines to stdout/stderr; lines from the script and from the stdin thread never interleave.</summary>
internal sealed class FakeOutput(Stream stdout, Stream stderr)
{
    private readonly Lock _lock = new();

    public void Line(string text) => Bytes(Encoding.UTF8.GetBytes(text));

    public void Json(JsonNode node) => Line(node.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    public void Bytes(ReadOnlySpan<byte> bytes)
    {
        lock (_lock)
        {
            stdout.Write(bytes);
            stdout.WriteByte((byte)'\n');
            stdout.Flush();
        }
    }

    /// <summary>A line of <paramref name="length"/> bytes of 'x', written in chunks.</summary>
    public void Huge(long length)
    {
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        lock (_lock)
        {
            for (var left = length; left > 0; left -= chunk.Length)
            {
                stdout.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
            }

            stdout.WriteByte((byte)'\n');
            stdout.Flush();
        }
    }

    public void Error(string text)
    {
        lock (_lock)
        {
            stderr.Write(Encoding.UTF8.GetBytes(text + "\n"));
            stderr.Flush();
        }
    }
}
