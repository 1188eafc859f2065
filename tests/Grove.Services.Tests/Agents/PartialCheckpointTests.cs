using System.Text.Json;
using Grove.Core.Agents;
using Grove.Data;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Streaming checkpoints: one per block while it streams, none once its final text lands, and what was streamed survives a kill.</summary>
public sealed class PartialCheckpointTests
{
    private const int Deltas = 10;
    private static readonly string[] Pieces = [.. Enumerable.Range(0, Deltas).Select(i => new string((char)('a' + i), 500))];

    [Fact]
    public async Task LongReply_KeepsOnePartialWhileStreaming_AndNoneAfterTheFinalText()
    {
        await using var bed = await AgentBed.StartAsync();
        var gates = Enumerable.Range(0, Deltas).Select(_ => new FakeGate()).ToArray();
        var response = FakeResponse.Text(Pieces);
        for (var i = 1; i < Deltas; i++)
        {
            response = response.WithPauseBeforeDelta(i, gates[i]);
        }

        bed.Api.Enqueue(response);
        var store = bed.App.App.Get<ITranscriptStore>();

        await bed.Runs.SendAsync(bed.Tab.Id, "Write a lot", AgentBed.Ct);
        var maxPartials = 0;
        for (var i = 1; i < Deltas; i++)
        {
            var length = 500 * i;
            await bed.WaitForAsync(e => e.Kind == PartialCheckpoint.Kind && Partial(e.PayloadJson).Text.Length == length);
            var partials = (await store.ReadAsync(bed.Tab.Id, cancellationToken: AgentBed.Ct)).Where(e => e.Kind == PartialCheckpoint.Kind).ToList();
            maxPartials = Math.Max(maxPartials, partials.Count);
            Assert.Equal(string.Concat(Pieces.Take(i)), Partial(Assert.Single(partials).PayloadJson).Text);
            gates[i].Release();
        }

        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.Equal(1, maxPartials);
        var stored = await bed.App.App.Get<ITranscripts>().ReadAsync(bed.Tab.Id, cancellationToken: AgentBed.Ct);
        Assert.DoesNotContain(stored, e => e.Kind == PartialCheckpoint.Kind);
        Assert.Equal(string.Concat(Pieces), Assert.Single(stored, e => e.Kind == AgentEventKinds.Text).Text);
        var sequences = stored.Select(e => e.Sequence).ToList();
        Assert.Equal(sequences.Order(), sequences);
    }

    [Fact]
    public async Task AgentKilledMidReply_TheTextStreamedSoFarIsOnDisk()
    {
        await using var bed = await AgentBed.StartAsync();
        var hold = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Text(Pieces).WithPauseBeforeDelta(3, hold));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write a lot", AgentBed.Ct);
        await bed.WaitForAsync(e => e.Kind == PartialCheckpoint.Kind && Partial(e.PayloadJson).Text.Length == 1500);
        System.Diagnostics.Process.GetProcessById(bed.Runs.ProcessIdOf(bed.Tab.Id)!.Value).Kill(entireProcessTree: true);
        await bed.WaitForKindAsync(AgentEventKinds.Error);
        hold.Release();

        // A second, independent reader of the database file, as after a restart.
        await using var database = await GroveDatabase.OpenAsync(bed.App.Paths, cancellationToken: AgentBed.Ct);
        await using var connection = await database.OpenConnectionAsync(AgentBed.Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM transcript_events WHERE tab_id = $tab AND kind = 'partial';";
        command.Parameters.AddWithValue("$tab", bed.Tab.Id);
        var payloads = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(AgentBed.Ct))
        {
            while (await reader.ReadAsync(AgentBed.Ct))
            {
                payloads.Add(reader.GetString(0));
            }
        }

        Assert.Equal(string.Concat(Pieces.Take(3)), Partial(Assert.Single(payloads)).Text);
    }

    private static PartialCheckpoint Partial(string json) => JsonSerializer.Deserialize<PartialCheckpoint>(json, AgentEventJson.Options)!;
}
