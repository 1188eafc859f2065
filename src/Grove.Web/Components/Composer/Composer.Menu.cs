using Grove.Core.Errors;
using Grove.Services.Files;

namespace Grove.Web.Components.Composer;

/// <summary>The slash-command and @-mention popup: when it opens, what it lists, what choosing a row does.</summary>
public sealed partial class Composer
{
    private const int MentionLimit = 12;

    /// <summary>Opens, filters or closes the popup for the text and caret as they are now.</summary>
    private async Task UpdateMenuAsync()
    {
        var version = ++_menuVersion;
        var beforeCaret = _text[.._caret];

        // "/name" as the first word, caret still inside it.
        if (_text.StartsWith('/') && !beforeCaret.Any(char.IsWhiteSpace))
        {
            var query = beforeCaret[1..];
            if (_menu?.Kind != ComposerMenuKind.Slash)
            {
                _projectCommands = null; // re-read the project's commands each time the menu opens
            }

            var commands = await LoadProjectCommandsAsync();
            if (version != _menuVersion)
            {
                return;
            }

            var items = SlashCommands.Filter(SlashCommands.BuiltIn.Concat(commands), query);
            await SetMenuAsync(new ComposerMenu(ComposerMenuKind.Slash, query, 0, TokenEnd(0), items, items.Count > 0 ? 0 : -1));
            return;
        }

        // "@query" as the word the caret is in.
        var start = TokenStart(_caret);
        if (start < _caret && _text[start] == '@' && WorkspaceId is not null)
        {
            var query = _text[(start + 1).._caret];
            ComposerMenu menu;
            try
            {
                var matches = await Files.SearchAsync(WorkspaceId, query, MentionLimit, _life.Token);
                var items = matches.Select(m => new ComposerMenuItem(m.Path, null, m.Positions)).ToList();
                menu = new ComposerMenu(ComposerMenuKind.Mention, query, start, TokenEnd(start), items, items.Count > 0 ? 0 : -1);
            }
            catch (GroveException ex)
            {
                menu = new ComposerMenu(ComposerMenuKind.Mention, query, start, TokenEnd(start), [], -1, ex.Message);
            }

            if (version == _menuVersion)
            {
                await SetMenuAsync(menu);
            }

            return;
        }

        await SetMenuAsync(null);
    }

    private async Task<IReadOnlyList<ComposerMenuItem>> LoadProjectCommandsAsync()
    {
        if (_projectCommands is null && WorkspaceId is not null)
        {
            try
            {
                var commands = await ProjectCommands.ListAsync(WorkspaceId, _life.Token);
                _projectCommands = [.. commands
                    .Where(c => !SlashCommands.IsBuiltIn(c.Name))
                    .Select(c => new ComposerMenuItem(c.Name, c.Description, [], Hint: c.ArgumentHint))];
            }
            catch (GroveException)
            {
                _projectCommands = [];
            }
        }

        return _projectCommands ?? [];
    }

    /// <summary>Chooses row <paramref name="index"/>: runs a Grove command, or puts the command or path into the text.</summary>
    private async Task ChooseAsync(int index)
    {
        if (_menu is not { } menu || index < 0 || index >= menu.Items.Count)
        {
            return;
        }

        var item = menu.Items[index];
        var after = _text[Math.Min(menu.End, _text.Length)..];
        string text;
        int caret;
        if (menu.Kind == ComposerMenuKind.Slash)
        {
            if (item.BuiltIn)
            {
                _text = $"/{item.Key}{(after.Trim().Length > 0 ? " " + after.Trim() : "")}";
                await SetMenuAsync(null);
                await SendAsync();
                return;
            }

            var head = $"/{item.Key} ";
            text = head + after.TrimStart();
            caret = head.Length;
        }
        else
        {
            var path = item.Key;
            var mention = "@" + (path.Any(char.IsWhiteSpace) ? $"\"{path}\"" : path);
            var folder = path.EndsWith('/');
            var spacer = folder || (after.Length > 0 && char.IsWhiteSpace(after[0])) ? "" : " ";
            text = _text[..menu.Start] + mention + spacer + after;
            caret = menu.Start + mention.Length + (folder ? 0 : 1);
        }

        _text = text;
        _caret = Math.Min(caret, text.Length);
        Drafts.Set(TabId, _text, _attachments);
        await CallAsync("setText", _textarea, _text, _caret);
        await UpdateMenuAsync(); // a folder keeps the menu open inside it; a file closes it
        StateHasChanged();
    }

    private async Task SetMenuAsync(ComposerMenu? menu)
    {
        var wasOpen = _menu is not null;
        _menu = menu;
        if (wasOpen != (menu is not null))
        {
            await CallAsync("setMenuOpen", _textarea, menu is not null);
        }
    }

    /// <summary>Where the word holding <paramref name="caret"/> starts.</summary>
    private int TokenStart(int caret)
    {
        var start = caret;
        while (start > 0 && !char.IsWhiteSpace(_text[start - 1]))
        {
            start--;
        }

        return start;
    }

    /// <summary>Where the word starting at <paramref name="start"/> ends (at or after the caret).</summary>
    private int TokenEnd(int start)
    {
        var end = Math.Max(start, _caret);
        while (end < _text.Length && !char.IsWhiteSpace(_text[end]))
        {
            end++;
        }

        return end;
    }

    /// <summary>Splits <paramref name="text"/> into runs that are or are not at <paramref name="marks"/>.</summary>
    private static IEnumerable<(string Segment, bool Marked)> Segments(string text, IReadOnlyList<int> marks)
    {
        if (marks.Count == 0)
        {
            yield return (text, false);
            yield break;
        }

        var set = marks.ToHashSet();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || set.Contains(i) != set.Contains(start))
            {
                yield return (text[start..i], set.Contains(start));
                start = i;
            }
        }
    }
}
