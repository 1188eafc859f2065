using Grove.Integrations.GitHub;

namespace Grove.Services.Tests.GitHub;

/// <summary>The file line of a review comment, read from the end of its diff hunk (Octokit 14 has no line field).</summary>
public sealed class DiffHunkLineTests
{
    [Theory]
    [InlineData("@@ -10,3 +10,4 @@ class A\n context\n+added\n+added again", 12)]
    [InlineData("@@ -10,3 +20,3 @@\n context\n-removed", 11)]
    [InlineData("@@ -1 +1 @@\n+only", 1)]
    [InlineData("@@ -5,2 +5,2 @@\r\n a\r\n b", 6)]
    public void LastLine_IsTheCommentedLine(string hunk, int line) => Assert.Equal(line, DiffHunkLine.LastLine(hunk));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a hunk")]
    public void LastLine_WithoutAHeader_IsNull(string? hunk) => Assert.Null(DiffHunkLine.LastLine(hunk));
}
