using System.Text;
using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Tests.Security;

/// <summary>Tokens reveal none of their ids, carry the link generation and purpose, and survive a key rotation while the old key is listed.</summary>
public sealed class OpaqueTokenTests
{
    private const string Org = "acme-holdings";
    private const string Cycle = "spring-2026";
    private const string Person = "EMP-0048213";

    private static readonly string Key = InvitationTokens.NewKey();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

    private InvitationTokens Tokens(string? key = null, string? previous = null) => new(key ?? Key, previous, _time);

    /// <summary>Every way of reading the token's characters as base64 (standard or URL alphabet, at each of the four alignments).</summary>
    private static IEnumerable<byte[]> Decodings(string token)
    {
        var standard = token.Replace('-', '+').Replace('_', '/');
        for (var skip = 0; skip < 4; skip++)
        {
            var part = standard[skip..];
            part = part[..(part.Length - (part.Length % 4))];
            yield return Convert.FromBase64String(part);
        }
    }

    [Fact]
    public void A_token_contains_none_of_its_ids_as_text_or_as_base64()
    {
        var tokens = Tokens();
        foreach (var token in new[] { tokens.Issue(Org, Cycle, Person, _time.GetUtcNow().AddDays(30)), tokens.IssueUnsubscribe(Org, Cycle, Person, _time.GetUtcNow().AddDays(30)) })
        {
            foreach (var id in new[] { Org, Cycle, Person })
            {
                Assert.DoesNotContain(id, token, StringComparison.OrdinalIgnoreCase);
                Assert.All(Decodings(token), bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(id))));
            }

            Assert.Matches("^[A-Za-z0-9_-]+$", token); // URL-safe as it is
        }
    }

    [Fact]
    public void The_generation_and_the_purpose_travel_inside_the_token()
    {
        var tokens = Tokens();
        var token = tokens.Issue(Org, Cycle, Person, _time.GetUtcNow().AddDays(1), generation: 3);
        Assert.Equal((Org, Cycle, Person, 3), tokens.Validate(token, out _) is { } c ? (c.OrgId, c.CycleId, c.PersonId, c.Generation) : default);

        var unsubscribe = tokens.IssueUnsubscribe(Org, Cycle, Person, _time.GetUtcNow().AddDays(1));
        Assert.Null(tokens.Validate(unsubscribe, out _));
        Assert.Equal(Person, tokens.Open(unsubscribe, TokenPurpose.Unsubscribe, out _)!.PersonId);
        Assert.Null(tokens.Open(token, TokenPurpose.Unsubscribe, out _));
    }

    [Fact]
    public void Every_single_bit_flip_is_refused()
    {
        var tokens = Tokens();
        var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(tokens.Issue(Org, Cycle, Person, _time.GetUtcNow().AddDays(1)));
        for (var i = 0; i < bytes.Length * 8; i++)
        {
            var flipped = (byte[])bytes.Clone();
            flipped[i / 8] ^= (byte)(1 << (i % 8));
            Assert.Null(tokens.Validate(System.Buffers.Text.Base64Url.EncodeToString(flipped), out _));
        }
    }

    [Fact]
    public void During_a_rotation_old_tokens_open_with_the_listed_old_key_and_new_ones_use_the_new_key()
    {
        var old = Tokens().Issue(Org, Cycle, Person, _time.GetUtcNow().AddDays(1));
        var newKey = InvitationTokens.NewKey();
        var rotating = Tokens(newKey, previous: Key);
        Assert.Equal(Person, rotating.Validate(old, out _)!.PersonId);
        var fresh = rotating.Issue(Org, Cycle, Person, _time.GetUtcNow().AddDays(1));
        Assert.Null(Tokens().Validate(fresh, out _)); // made with the new key
        Assert.Equal(Person, Tokens(newKey).Validate(fresh, out _)!.PersonId);
        Assert.Null(Tokens(newKey).Validate(old, out _)); // the old key dropped: revoked
    }
}
