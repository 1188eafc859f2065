using Grove.Testing;
using Grove.Web.Changes;

namespace Grove.Web.Tests.Changes;

public sealed class UnifiedDiffParserTests
{
    [Fact]
    public void Hunks_are_numbered_from_their_headers()
    {
        const string diff = """
            diff --git a/src/app.cs b/src/app.cs
            index 83db48f..bf269f4 100644
            --- a/src/app.cs
            +++ b/src/app.cs
            @@ -1,3 +1,4 @@ namespace App;
             line 1
            -line 2
            +line two
            +line 2.5
             line 3
            @@ -10,2 +11,2 @@ class Program
             ten
            -eleven
            +ELEVEN

            """;

        var file = Assert.Single(UnifiedDiffParser.Parse(diff));

        Assert.Equal("src/app.cs", file.Path);
        Assert.Equal(DiffFileKind.Modified, file.Kind);
        Assert.Equal(2, file.Hunks.Count);
        var first = file.Hunks[0];
        Assert.Equal((1, 3, 1, 4), (first.OldStart, first.OldCount, first.NewStart, first.NewCount));
        Assert.Equal("namespace App;", first.Section);
        Assert.Equal(
            [
                (DiffLineKind.Context, 1, 1, "line 1"),
                (DiffLineKind.Deleted, 2, null, "line 2"),
                (DiffLineKind.Added, null, 2, "line two"),
                (DiffLineKind.Added, null, 3, "line 2.5"),
                (DiffLineKind.Context, 3, 4, "line 3"),
            ],
            first.Lines.Select(l => (l.Kind, l.OldNumber, l.NewNumber, l.Text)).ToArray<(DiffLineKind, int?, int?, string)>());
        var second = file.Hunks[1];
        Assert.Equal((DiffLineKind.Deleted, 11, (int?)null), (second.Lines[1].Kind, second.Lines[1].OldNumber, second.Lines[1].NewNumber));
        Assert.Equal((DiffLineKind.Added, (int?)null, 12), (second.Lines[2].Kind, second.Lines[2].OldNumber, second.Lines[2].NewNumber));
        Assert.Equal(3, file.Added);
        Assert.Equal(2, file.Deleted);
    }

    [Fact]
    public void No_newline_marker_follows_the_line_it_applies_to()
    {
        const string diff = """
            diff --git a/a.txt b/a.txt
            --- a/a.txt
            +++ b/a.txt
            @@ -1 +1 @@
            -old
            \ No newline at end of file
            +new
            \ No newline at end of file

            """;

        var lines = Assert.Single(Assert.Single(UnifiedDiffParser.Parse(diff)).Hunks).Lines;

        Assert.Equal([DiffLineKind.Deleted, DiffLineKind.NoNewline, DiffLineKind.Added, DiffLineKind.NoNewline], lines.Select(l => l.Kind));
        Assert.Equal("No newline at end of file", lines[1].Text);
        Assert.Null(lines[1].OldNumber);
        Assert.Equal(1, lines[2].NewNumber);
    }

    [Fact]
    public void Binary_files_have_no_hunks()
    {
        const string diff = """
            diff --git a/logo.png b/logo.png
            new file mode 100644
            index 0000000..a1b2c3d
            Binary files /dev/null and b/logo.png differ
            diff --git a/data.bin b/data.bin
            index 1111111..2222222 100644
            GIT binary patch
            literal 12
            TcmZ?wbhEHbRA6XeU|;|M3H1Oz

            literal 0
            HcmV?d00001

            diff --git a/after.txt b/after.txt
            --- a/after.txt
            +++ b/after.txt
            @@ -1 +1 @@
            -a
            +b

            """;

        var files = UnifiedDiffParser.Parse(diff);

        Assert.Equal(["logo.png", "data.bin", "after.txt"], files.Select(f => f.Path));
        Assert.True(files[0].IsBinary);
        Assert.Equal(DiffFileKind.Added, files[0].Kind);
        Assert.Null(files[0].OldPath);
        Assert.Empty(files[0].Hunks);
        Assert.True(files[1].IsBinary);
        Assert.Empty(files[1].Hunks);
        Assert.False(files[2].IsBinary);
        Assert.Equal(2, files[2].LineCount);
    }

    [Fact]
    public void Renames_keep_both_paths_with_or_without_changes()
    {
        const string diff = """
            diff --git a/old name.txt b/new name.txt
            similarity index 100%
            rename from old name.txt
            rename to new name.txt
            diff --git a/src/a.cs b/src/b.cs
            similarity index 80%
            rename from src/a.cs
            rename to src/b.cs
            index 1..2 100644
            --- a/src/a.cs
            +++ b/src/b.cs
            @@ -1,2 +1,2 @@
             keep
            -gone
            +came

            """;

        var files = UnifiedDiffParser.Parse(diff);

        Assert.Equal(2, files.Count);
        Assert.Equal((DiffFileKind.Renamed, "old name.txt", "new name.txt", 100), (files[0].Kind, files[0].OldPath, files[0].NewPath, files[0].Similarity));
        Assert.Empty(files[0].Hunks);
        Assert.Equal((DiffFileKind.Renamed, "src/a.cs", "src/b.cs", 80), (files[1].Kind, files[1].OldPath, files[1].NewPath, files[1].Similarity));
        Assert.Equal(3, files[1].LineCount);
    }

    [Fact]
    public void Added_and_deleted_files_use_dev_null()
    {
        const string diff = """
            diff --git a/new.txt b/new.txt
            new file mode 100755
            --- /dev/null
            +++ b/new.txt
            @@ -0,0 +1,2 @@
            +one
            +two
            diff --git a/gone.txt b/gone.txt
            deleted file mode 100644
            --- a/gone.txt
            +++ /dev/null
            @@ -1 +0,0 @@
            -bye

            """;

        var files = UnifiedDiffParser.Parse(diff);

        Assert.Equal((DiffFileKind.Added, null, "new.txt", "100755"), (files[0].Kind, files[0].OldPath, files[0].NewPath, files[0].NewMode));
        Assert.Equal([1, 2], files[0].Hunks[0].Lines.Select(l => l.NewNumber!.Value));
        Assert.Equal((DiffFileKind.Deleted, "gone.txt", null), (files[1].Kind, files[1].OldPath, files[1].NewPath));
        Assert.Equal("gone.txt", files[1].Path);
        Assert.Equal(1, files[1].Deleted);
    }

    [Fact]
    public void Line_counts_decide_where_a_hunk_ends_so_dashed_content_is_not_a_header()
    {
        const string diff = """
            diff --git a/q.sql b/q.sql
            --- a/q.sql
            +++ b/q.sql
            @@ -1,2 +1,2 @@
            --- a comment in SQL
            +++ counter
             select 1;

            """;

        var file = Assert.Single(UnifiedDiffParser.Parse(diff));

        Assert.Equal("q.sql", file.Path);
        Assert.Equal(
            [(DiffLineKind.Deleted, "-- a comment in SQL"), (DiffLineKind.Added, "++ counter"), (DiffLineKind.Context, "select 1;")],
            file.Hunks[0].Lines.Select(l => (l.Kind, l.Text)));
    }

    [Fact]
    public void Quoted_and_spaced_paths_are_read_back()
    {
        const string diff = "diff --git \"a/tab\\there.txt\" \"b/tab\\there.txt\"\n"
            + "new file mode 100644\n--- /dev/null\n+++ \"b/tab\\there.txt\"\n@@ -0,0 +1 @@\n+x\n"
            + "diff --git \"a/caf\\303\\251.md\" \"b/caf\\303\\251.md\"\n--- \"a/caf\\303\\251.md\"\n+++ \"b/caf\\303\\251.md\"\n@@ -1 +1 @@\n-a\n+b\n"
            + "diff --git a/with space.txt b/with space.txt\nnew file mode 100644\n--- /dev/null\n+++ b/with space.txt\t\n@@ -0,0 +1 @@\n+a\n";

        var files = UnifiedDiffParser.Parse(diff);

        Assert.Equal(["tab\there.txt", "café.md", "with space.txt"], files.Select(f => f.Path));
    }

    [Fact]
    public void Plain_diffs_without_git_headers_are_split_per_file()
    {
        const string diff = """
            --- a.txt	2024-01-01 10:00:00
            +++ a.txt	2024-01-02 10:00:00
            @@ -1 +1 @@
            -x
            +y
            --- b.txt
            +++ b.txt
            @@ -1 +1,2 @@
             k
            +l

            """;

        var files = UnifiedDiffParser.Parse(diff);

        Assert.Equal(["a.txt", "b.txt"], files.Select(f => f.Path));
        Assert.All(files, f => Assert.Equal(DiffFileKind.Modified, f.Kind));
    }

    [Fact]
    public void Empty_or_garbage_input_gives_no_files()
    {
        Assert.Empty(UnifiedDiffParser.Parse(""));
        Assert.Empty(UnifiedDiffParser.Parse(null));
        Assert.Empty(UnifiedDiffParser.Parse("hello\nworld\n@@ nonsense @@\n"));
    }

    [Fact]
    public void Markup_in_a_line_is_kept_as_text()
    {
        const string diff = "diff --git a/x.html b/x.html\n--- a/x.html\n+++ b/x.html\n@@ -0,0 +1 @@\n+<script>alert('x')</script>\n";

        var line = Assert.Single(Assert.Single(UnifiedDiffParser.Parse(diff)).Hunks[0].Lines);

        Assert.Equal("<script>alert('x')</script>", line.Text);
    }

    [Fact]
    public void Reads_what_real_git_prints_for_a_rename_a_binary_a_mode_change_and_crlf()
    {
        using var repo = TestRepository.Create(files: new Dictionary<string, string>
        {
            ["docs/guide.md"] = string.Concat(Enumerable.Range(1, 30).Select(i => $"paragraph {i}\n")),
            ["run.sh"] = "echo hi\n",
            ["win.txt"] = "a\r\nb\r\n",
        });
        repo.Git("mv", "docs/guide.md", "docs/manual.md");
        File.AppendAllText(Path.Combine(repo.Path, "docs/manual.md"), "paragraph 31\n");
        File.WriteAllBytes(Path.Combine(repo.Path, "image.bin"), [0, 1, 2, 3, 0, 255]);
        File.WriteAllText(Path.Combine(repo.Path, "win.txt"), "a\r\nB\r\n");
        repo.Git("add", "-A");
        repo.Git("update-index", "--chmod=+x", "run.sh");

        var text = repo.Git("-c", "core.quotePath=false", "diff", "--cached", "--find-renames", "--no-color", "--src-prefix=a/", "--dst-prefix=b/");
        var files = UnifiedDiffParser.Parse(text).ToDictionary(f => f.Path);

        var manual = files["docs/manual.md"];
        Assert.Equal((DiffFileKind.Renamed, "docs/guide.md"), (manual.Kind, manual.OldPath));
        Assert.Equal(31, Assert.Single(manual.Hunks[^1].Lines, l => l.Kind == DiffLineKind.Added).NewNumber);
        Assert.True(files["image.bin"].IsBinary);
        Assert.Equal(DiffFileKind.Added, files["image.bin"].Kind);
        Assert.True(files["run.sh"].ModeChanged);
        Assert.Equal(("100644", "100755"), (files["run.sh"].OldMode, files["run.sh"].NewMode));
        var win = files["win.txt"].Hunks[0].Lines;
        Assert.Contains(win, l => l.Kind == DiffLineKind.Added && l.Text == "B");
    }
}
