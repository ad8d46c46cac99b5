using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Api;

public class CompressionTests
{
    [Fact]
    public async Task A_large_survey_is_sent_gzipped_to_clients_that_accept_it_and_plain_to_others()
    {
        await using var server = await LocalHostServer.StartAsync();
        var people = string.Join(",", Enumerable.Range(0, 500).Select(i =>
            $$"""{"id":"p{{i}}","name":"Person {{i}}","teamId":"t","function":"F","level":1,"location":"L"}"""));
        (await server.AdminRawAsync(HttpMethod.Put, "orgs/big/roster", $$"""{"teams":[{"id":"t","name":"T"}],"people":[{{people}}]}""", "application/json")).EnsureSuccessStatusCode();
        (await server.AdminAsync(HttpMethod.Post, "orgs/big/cycles", new { id = "c1", title = "T", closesAt = DateTimeOffset.UtcNow.AddDays(3) })).EnsureSuccessStatusCode();
        var invitations = await (await server.AdminAsync(HttpMethod.Post, "orgs/big/cycles/c1/invitations", new { personIds = new[] { "p1" } })).Content.ReadFromJsonAsync<JsonObject>();
        var token = invitations!["invitations"]![0]!["token"]!.GetValue<string>();

        var request = new HttpRequestMessage(HttpMethod.Get, "survey");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var compressed = await server.Client.SendAsync(request);
        Assert.Equal(["gzip"], compressed.Content.Headers.ContentEncoding);
        var gzipped = await compressed.Content.ReadAsByteArrayAsync();
        using var unzip = new StreamReader(new System.IO.Compression.GZipStream(new MemoryStream(gzipped), System.IO.Compression.CompressionMode.Decompress));
        var plain = await server.AsRespondentAsync(HttpMethod.Get, "survey", token);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var plainText = await plain.Content.ReadAsStringAsync();
        Assert.Equal(plainText, await unzip.ReadToEndAsync());
        Assert.True(gzipped.Length < plainText.Length / 3, $"{gzipped.Length} bytes gzipped of {plainText.Length}");
        Assert.Equal(499, JsonNode.Parse(await plain.Content.ReadAsStringAsync())!["roster"]!.AsArray().Count);
    }
}
