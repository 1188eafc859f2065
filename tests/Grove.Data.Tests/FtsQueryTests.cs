using Grove.Data.Stores;

namespace Grove.Data.Tests;

public sealed class FtsQueryTests
{
    [Theory]
    [InlineData("foo", "\"foo\"")]
    [InlineData("foo bar", "\"foo\" \"bar\"")]
    [InlineData("\"foo", "\"\"\"foo\"")]
    [InlineData("a OR", "\"a\" \"OR\"")]
    [InlineData("col:val", "\"col:val\"")]
    [InlineData("-x  *", "\"-x\"")]
    public void Terms_become_quoted_phrases(string input, string expected) =>
        Assert.Equal(expected, FtsQuery.Build(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \t ")]
    [InlineData("- * \" :")]
    public void Nothing_searchable_gives_null(string? input) =>
        Assert.Null(FtsQuery.Build(input));
}
