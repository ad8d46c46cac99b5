using System.Net;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// Rotating the signing key end to end: LocalHost restarted on the same data with a new key
/// refuses links signed with the old one, until the old key is listed in TOKEN_PREVIOUS_KEYS;
/// dropping it from the list revokes them again.
/// </summary>
public sealed class TokenKeyRotationTests
{
    [Fact]
    public async Task Links_signed_before_a_key_rotation_are_refused_unless_the_old_key_is_still_listed()
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-rotation-").FullName;
        try
        {
            await RotateAsync(folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RotateAsync(string folder)
    {
        var keyA = InvitationTokens.NewKey();
        var keyB = InvitationTokens.NewKey();
        Dictionary<string, string> tokens;
        await using (var first = await StartAsync(folder, keyA))
        {
            tokens = await first.SeedAsync();
            Assert.Equal(HttpStatusCode.OK, (await first.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).StatusCode);
        }

        await using (var rotated = await StartAsync(folder, keyB))
        {
            var refused = await rotated.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"]);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await rotated.AsRespondentAsync(HttpMethod.Put, "survey/response", tokens["p3"], new { contacts = Array.Empty<object>() })).StatusCode);
        }

        await using (var overlap = await StartAsync(folder, keyB, previousKeys: keyA))
        {
            Assert.Equal(HttpStatusCode.OK, (await overlap.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).StatusCode);
            var fresh = await overlap.AdminAsync(HttpMethod.Post, "orgs/acme/cycles/c1/invitations");
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode); // new links are signed with the new key
        }

        await using var revoked = await StartAsync(folder, keyB, previousKeys: "");
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.AsRespondentAsync(HttpMethod.Get, "survey", tokens["p2"])).StatusCode);
    }

    private static Task<LocalHostServer> StartAsync(string folder, string key, string? previousKeys = null) =>
        LocalHostServer.StartAsync(new Dictionary<string, string?>
        {
            [Settings.TokenSigningKey] = key,
            [Settings.TokenPreviousKeys] = previousKeys,
        }, folder);
}
