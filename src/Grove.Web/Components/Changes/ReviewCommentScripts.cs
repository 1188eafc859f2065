namespace Grove.Web.Components.Changes;

/// <summary>The ES module of the review comment components (<c>wwwroot/js/review-comments.js</c>).</summary>
internal static class ReviewCommentScripts
{
    public const string ModulePath = "./_content/Grove.Web/js/review-comments.js";
}
