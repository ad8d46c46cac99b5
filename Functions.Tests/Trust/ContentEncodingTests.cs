using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>Compressed request bodies are refused as such (415 naming the coding), not parsed as broken UTF-8.</summary>
public sealed class ContentEncodingTests
{
    private static ByteArrayContent Encoded(string text, string mediaType, string? coding)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (coding == "gzip")
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
                gzip.Write(bytes);
            bytes = buffer.ToArray();
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        if (coding is not null)
            content.Headers.ContentEncoding.Add(coding);
        return content;
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task A_compressed_answer_gets_415_naming_the_encoding_and_nothing_is_stored(string coding)
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "survey/response")
        {
            Content = Encoded("""{"contacts":[{"personId":"p1","frequency":"weekly","benefits":[],"personal":true,"giveBack":"often"}]}""", "application/json", coding),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["p2"]);

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains(coding, problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("content-encoding"), problem.ToJsonString());
        Assert.Contains("identity", response.Headers.GetValues("Accept-Encoding"));
        Assert.Null(await server.Store.GetSubmissionAsync("acme", "c1", "p2"));
    }

    [Fact]
    public async Task A_compressed_csv_roster_gets_415_naming_the_encoding()
    {
        await using var server = await LocalHostServer.StartAsync();
        using var request = server.Admin(HttpMethod.Put, "orgs/acme/roster");
        request.Content = Encoded("id,name,teamId,teamName,function,level,location\np1,Ana,eng,Engineering,Engineering,2,Lisbon\n", "text/csv", "gzip");

        var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("gzip", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(await server.Store.GetRosterAsync("acme"));
    }

    [Fact]
    public async Task An_identity_encoded_answer_is_accepted()
    {
        await using var server = await LocalHostServer.StartAsync();
        var tokens = await server.SeedAsync();
        using var request = new HttpRequestMessage(HttpMethod.Put, "survey/response") { Content = Encoded("""{"contacts":[]}""", "application/json", "identity") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens["p2"]);

        Assert.Equal(HttpStatusCode.OK, (await server.Client.SendAsync(request)).StatusCode);
    }
}
