using System.Buffers;
using System.Collections.ObjectModel;
using System.Text.Json;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Storage.Cosmos;

/// <summary>Splits a roster into chunk items of at most the budget, each written as raw JSON.</summary>
internal static class RosterChunks
{
    public static ReadOnlyCollection<byte[]> Build(Roster roster, string version, int budget)
    {
        var chunks = new List<byte[]>();
        var teams = new List<byte[]>();
        var people = new List<byte[]>();
        var size = 0;
        const int envelope = 512; // id, pk, type, version, index and the brackets

        void Flush()
        {
            chunks.Add(Write(roster.OrgId, version, chunks.Count, teams, people));
            teams.Clear();
            people.Clear();
            size = 0;
        }

        void Add(List<byte[]> into, byte[] json)
        {
            if (size > 0 && envelope + size + json.Length + 1 > budget)
                Flush();
            into.Add(json);
            size += json.Length + 1;
        }

        foreach (var team in roster.Teams)
            Add(teams, JsonSerializer.SerializeToUtf8Bytes(team, StoreJson.Options));
        foreach (var person in roster.People)
            Add(people, JsonSerializer.SerializeToUtf8Bytes(person, StoreJson.Options));
        if (size > 0 || chunks.Count == 0)
            Flush();
        return chunks.AsReadOnly();
    }

    private static byte[] Write(string orgId, string version, int index, List<byte[]> teams, List<byte[]> people)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", RosterChunkDocument.IdFor(version, index));
            writer.WriteString("pk", orgId);
            writer.WriteString("type", DocumentType.RosterChunk);
            writer.WriteString("version", version);
            writer.WriteNumber("index", index);
            writer.WriteStartArray("teams");
            foreach (var team in teams)
                writer.WriteRawValue(team, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteStartArray("people");
            foreach (var person in people)
                writer.WriteRawValue(person, skipInputValidation: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
