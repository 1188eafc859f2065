using Grove.Core.Review;

namespace Grove.Data.Stores;

/// <summary>Comments on diff lines, per workspace (deleted with it). See <see cref="ReviewComment"/>.</summary>
public interface IReviewCommentStore
{
    /// <summary>Inserts a comment (CreatedAt/UpdatedAt filled when left at default). Throws NotFound for a missing workspace.</summary>
    Task<ReviewComment> AddAsync(ReviewComment comment, CancellationToken cancellationToken = default);

    Task<ReviewComment?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The workspace's comments, oldest first: only the pending ones unless <paramref name="includeSent"/>.</summary>
    Task<IReadOnlyList<ReviewComment>> ListAsync(string workspaceId, bool includeSent = false, CancellationToken cancellationToken = default);

    /// <summary>Replaces the body of a pending comment; false when it is missing or already sent.</summary>
    Task<bool> UpdateBodyAsync(string id, string body, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Marks the given pending comments sent (one transaction); returns how many changed.</summary>
    Task<int> MarkSentAsync(IReadOnlyCollection<string> ids, DateTimeOffset sentAt, CancellationToken cancellationToken = default);
}
