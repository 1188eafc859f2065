using System.Globalization;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Checkpoints;

/// <summary>
/// Takes the checkpoint at the start of a tab's turn (called by the agent runtime) and prunes a
/// tab's or workspace's checkpoints when they go. A checkpoint that cannot be taken is logged,
/// never a reason to refuse the turn.
/// </summary>
internal sealed class TurnCheckpoints(ICheckpointGit git, ITranscriptStore transcripts, TimeProvider time, ILogger<TurnCheckpoints> logger)
{
    private const int PromptChars = 120;

    public async Task<CheckpointCommit?> TakeAsync(Workspace workspace, string tabId, string prompt, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workspace.WorktreePath))
        {
            return null;
        }

        try
        {
            var after = await transcripts.CountAsync(tabId, cancellationToken);
            var words = string.Join(' ', prompt.Split((char[])[' ', '\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
            var note = Note.Write(after, words.Length > PromptChars ? words[..PromptChars] + "…" : words);
            return await git.CreateAsync(workspace.WorktreePath, tabId, note, time.GetUtcNow(), cancellationToken);
        }
        catch (GroveException ex)
        {
            // Not a git work tree, or git failed: the turn goes on without a checkpoint.
            logger.LogWarning("No checkpoint before the turn of tab {Tab} in {Workspace}: {Error}", tabId, workspace.Name, ex.Message);
            return null;
        }
    }

    /// <summary>Deletes a tab's checkpoint refs (best effort: a missing repository is fine).</summary>
    public async Task PruneAsync(string repositoryPath, string tabId, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(repositoryPath))
        {
            return;
        }

        try
        {
            await git.DeleteAllAsync(repositoryPath, tabId, cancellationToken);
        }
        catch (GroveException ex)
        {
            logger.LogWarning("Could not prune the checkpoints of tab {Tab}: {Error}", tabId, ex.Message);
        }
    }

    /// <summary>The line a checkpoint commit carries: <c>seq=&lt;after&gt; &lt;first words of the prompt&gt;</c>.</summary>
    internal static class Note
    {
        public static string Write(long afterSequence, string prompt) => $"seq={afterSequence.ToString(CultureInfo.InvariantCulture)} {prompt}";

        public static (long AfterSequence, string Prompt) Read(string note)
        {
            if (note.StartsWith("seq=", StringComparison.Ordinal))
            {
                var space = note.IndexOf(' ', StringComparison.Ordinal);
                var number = space < 0 ? note[4..] : note[4..space];
                if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var after))
                {
                    return (after, space < 0 ? string.Empty : note[(space + 1)..]);
                }
            }

            return (0, note);
        }
    }
}
