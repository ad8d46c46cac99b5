using System.Net;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Tests.EndToEnd;

namespace SurveyNetwork.Functions.Tests.Trust;

/// <summary>
/// A token signed with the service's own key whose ids no store accepts (as a leaked key or a
/// future issuer could produce) is an invalid token: 401, never a store error.
/// </summary>
public sealed class TokenClaimsTests
{
    private static readonly (string Org, string Cycle, string Person)[] Bad =
    [
        ("ac/me", "c1", "p2"),
        ("_orgs", "c1", "p2"),
        ("", "c1", "p2"),
        ("acme", "c1|x", "p2"),
        ("acme", "c1", "p#2"),
        ("acme", "c1", new string('p', 300)),
        ("acme", "c\u00011", "p2"),
    ];

    public static TheoryData<string, string, string> BadClaims()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (org, cycle, person) in Bad)
            data.Add(org, cycle, person);
        return data;
    }

    [Theory]
    [MemberData(nameof(BadClaims))]
    public void A_signed_token_whose_ids_are_not_valid_keys_is_refused(string org, string cycle, string person)
    {
        var tokens = new InvitationTokens(InvitationTokens.NewKey(), null, TimeProvider.System);
        Assert.Null(tokens.Validate(tokens.Issue(org, cycle, person, DateTimeOffset.UtcNow.AddDays(1)), out _));
    }

    [Fact]
    public async Task A_correctly_signed_token_with_malformed_ids_gets_401_on_every_respondent_route()
    {
        var key = InvitationTokens.NewKey();
        await using var server = await LocalHostServer.StartAsync(new Dictionary<string, string?> { [Settings.TokenSigningKey] = key });
        await server.SeedAsync();
        var signer = new InvitationTokens(key, null, TimeProvider.System);

        foreach (var (org, cycle, person) in Bad)
        {
            var token = signer.Issue(org, cycle, person, DateTimeOffset.UtcNow.AddDays(1));
            foreach (var (method, path) in new[] { (HttpMethod.Get, "survey"), (HttpMethod.Get, "survey/profile"), (HttpMethod.Put, "survey/response") })
            {
                var response = await server.AsRespondentAsync(method, path, token, raw: method == HttpMethod.Put ? """{"contacts":[]}""" : null);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with org '{org}', cycle '{cycle}', person '{person}': {(int)response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}
