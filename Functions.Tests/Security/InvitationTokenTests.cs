using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Functions.Security;

namespace SurveyNetwork.Functions.Tests.Security;

public class InvitationTokenTests
{
    private static readonly string Key = InvitationTokens.NewKey();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));

    private InvitationTokens Tokens(string? key = null, string? previous = null) => new(key ?? Key, previous, _time);

    [Fact]
    public void A_fresh_token_yields_its_org_cycle_and_person()
    {
        var token = Tokens().Issue("acme", "c1", "p7", _time.GetUtcNow().AddDays(30));
        var claims = Tokens().Validate(token, out _);
        Assert.Equal(("acme", "c1", "p7"), (claims!.OrgId, claims.CycleId, claims.PersonId));
    }

    [Fact]
    public void Two_tokens_for_the_same_person_differ() =>
        Assert.NotEqual(Tokens().Issue("a", "c", "p", _time.GetUtcNow().AddDays(1)), Tokens().Issue("a", "c", "p", _time.GetUtcNow().AddDays(1)));

    [Fact]
    public void A_tampered_token_is_refused()
    {
        var token = Tokens().Issue("acme", "c1", "p7", _time.GetUtcNow().AddDays(30));
        var chars = token.ToCharArray();
        chars[5] = chars[5] == 'A' ? 'B' : 'A';
        Assert.Null(Tokens().Validate(new string(chars), out _));
    }

    [Fact]
    public void A_truncated_token_is_refused()
    {
        var token = Tokens().Issue("acme", "c1", "p7", _time.GetUtcNow().AddDays(30));
        Assert.Null(Tokens().Validate(token[..^3], out _));
        Assert.Null(Tokens().Validate(token[..(token.Length / 2)], out _));
    }

    [Fact]
    public void An_expired_token_is_refused_with_a_reason()
    {
        var token = Tokens().Issue("acme", "c1", "p7", _time.GetUtcNow().AddHours(1));
        _time.Advance(TimeSpan.FromHours(2));
        Assert.Null(Tokens().Validate(token, out var reason));
        Assert.Equal("The invitation link has expired.", reason);
    }

    [Fact]
    public void After_a_key_rotation_old_tokens_are_refused_unless_the_old_key_is_kept()
    {
        var token = Tokens().Issue("acme", "c1", "p7", _time.GetUtcNow().AddDays(1));
        var newKey = InvitationTokens.NewKey();
        Assert.Null(Tokens(newKey).Validate(token, out _));
        Assert.NotNull(Tokens(newKey, previous: Key).Validate(token, out _));
    }

    [Fact]
    public void A_token_signed_with_another_key_is_refused() =>
        Assert.Null(Tokens().Validate(Tokens(InvitationTokens.NewKey()).Issue("acme", "c1", "p7", _time.GetUtcNow().AddDays(1)), out _));

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    [InlineData("abcde.abcde")] // lengths no base64url encoding produces
    [InlineData("a.b")]
    [InlineData("YWJj.YWJj====")]
    [InlineData("YWJj=.YWJj")]
    public void Garbage_is_refused(string token) => Assert.Null(Tokens().Validate(token, out _));

    [Fact]
    public void A_short_signing_key_is_rejected_at_start_up() =>
        Assert.Throws<InvalidOperationException>(() => Tokens(Convert.ToBase64String(new byte[16])));

    [Fact]
    public void Every_mangled_form_of_a_valid_token_is_refused_without_throwing()
    {
        var token = Tokens().Issue("acme", "c1", "p7", _time.GetUtcNow().AddDays(1));
        var tokens = Tokens();
        var refused = 0;
        for (var i = 0; i < token.Length; i++)
        {
            foreach (var replacement in "A_-.=+/ \u00e9")
            {
                if (token[i] == replacement)
                {
                    continue;
                }

                var mangled = token[..i] + replacement + token[(i + 1)..];
                Assert.Null(tokens.Validate(mangled, out _));
                Assert.Null(tokens.Validate(token[..i] + token[(i + 1)..], out _));
                refused++;
            }
        }

        Assert.True(refused > token.Length * 8);
    }
}
