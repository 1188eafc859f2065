using Grove.Web.Transcript.Rendering;

namespace Grove.Web.Tests.Transcript;

public sealed class LineDiffTests
{
    [Fact]
    public void Keeps_common_lines_and_marks_changes()
    {
        var diff = LineDiff.Compute("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");

        Assert.Equal(
            ["  a", "- b", "+ B", "  c", "  d", "+ e"],
            diff.Select(l => (l.Op switch { DiffOp.Added => "+ ", DiffOp.Removed => "- ", _ => "  " }) + l.Text));
    }

    [Fact]
    public void An_empty_old_text_is_all_additions()
    {
        var diff = LineDiff.Compute("", "x\ny");

        Assert.All(diff, l => Assert.Equal(DiffOp.Added, l.Op));
        Assert.Equal(2, diff.Count);
    }

    [Fact]
    public void Very_large_changes_fall_back_to_removed_then_added()
    {
        var old = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"old {i}"));
        var @new = string.Join('\n', Enumerable.Range(0, 1000).Select(i => $"new {i}"));

        var diff = LineDiff.Compute(old, @new);

        Assert.Equal(2000, diff.Count);
        Assert.All(diff.Take(1000), l => Assert.Equal(DiffOp.Removed, l.Op));
        Assert.All(diff.Skip(1000), l => Assert.Equal(DiffOp.Added, l.Op));
    }
}
