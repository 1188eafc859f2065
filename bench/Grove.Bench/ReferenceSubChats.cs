using System.Text.Json;
using Grove.Data;
using Microsoft.Data.Sqlite;

namespace Grove.Bench;

/// <summary>One chat message in the reference app's shape (an AI-SDK-style UI message with parts).</summary>
internal sealed record ReferenceMessage(string Id, string Role, IReadOnlyList<ReferencePart> Parts, DateTimeOffset CreatedAt);

internal sealed record ReferencePart(string Type, string Text);

/// <summary>
/// The reference app's storage pattern, reproduced on the same SQLite: a <c>sub_chats</c> row whose
/// <c>messages</c> column holds the whole conversation as one JSON array. Appending a message reads
/// the row, deserializes the array, adds the message, serializes it and writes the row back, in one
/// IMMEDIATE transaction. Same kind of file as Grove's (WAL, Grove's connection string and per-connection
/// pragmas), one writer connection with prepared commands reused, like Grove's writer.
/// </summary>
internal sealed class ReferenceSubChats : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _update;

    private ReferenceSubChats(SqliteConnection connection)
    {
        _connection = connection;
        _select = connection.CreateCommand();
        _select.CommandText = "SELECT messages FROM sub_chats WHERE id = $id;";
        _select.Parameters.Add("$id", SqliteType.Text);
        _update = connection.CreateCommand();
        _update.CommandText = "UPDATE sub_chats SET messages = $messages, updated_at = $updated_at WHERE id = $id;";
        _update.Parameters.Add("$messages", SqliteType.Text);
        _update.Parameters.Add("$updated_at", SqliteType.Text);
        _update.Parameters.Add("$id", SqliteType.Text);
    }

    public static async Task<ReferenceSubChats> OpenAsync(string path)
    {
        var connection = new SqliteConnection(GroveDatabase.BuildConnectionString(path, SqliteOpenMode.ReadWriteCreate, pooling: false));
        await connection.OpenAsync();
        await GroveDatabase.ApplyPragmasAsync(connection, CancellationToken.None);
        await using var setup = connection.CreateCommand();
        setup.CommandText =
            "PRAGMA journal_mode = WAL;" +
            "CREATE TABLE IF NOT EXISTS sub_chats (id TEXT NOT NULL PRIMARY KEY, chat_id TEXT NOT NULL, name TEXT, " +
            "messages TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL, updated_at TEXT NOT NULL);";
        await setup.ExecuteNonQueryAsync();
        return new ReferenceSubChats(connection);
    }

    /// <summary>Creates or replaces a sub-chat holding <paramref name="messages"/> (untimed set-up and reset).</summary>
    public void Put(string id, IReadOnlyList<ReferenceMessage> messages) => Put(id, JsonSerializer.Serialize(messages, Json));

    public void Put(string id, string messagesJson)
    {
        using var command = _connection.CreateCommand();
        command.CommandText =
            "INSERT INTO sub_chats (id, chat_id, name, messages, created_at, updated_at) VALUES ($id, 'chat', 'bench', $messages, $now, $now) " +
            "ON CONFLICT (id) DO UPDATE SET messages = excluded.messages, updated_at = excluded.updated_at;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$messages", messagesJson);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }

    /// <summary>The reference append: read, deserialize, add, serialize, write back.</summary>
    public void Append(string id, ReferenceMessage message)
    {
        using var transaction = _connection.BeginTransaction(deferred: false);
        _select.Transaction = transaction;
        _select.Parameters["$id"].Value = id;
        var json = (string)_select.ExecuteScalar()!;
        var messages = JsonSerializer.Deserialize<List<ReferenceMessage>>(json, Json)!;
        messages.Add(message);
        _update.Transaction = transaction;
        _update.Parameters["$messages"].Value = JsonSerializer.Serialize(messages, Json);
        _update.Parameters["$updated_at"].Value = DateTimeOffset.UtcNow.ToString("O");
        _update.Parameters["$id"].Value = id;
        _update.ExecuteNonQuery();
        transaction.Commit();
    }

    public void Dispose()
    {
        _select.Dispose();
        _update.Dispose();
        _connection.Dispose();
    }
}
