using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.App;
using SurveyNetwork.Functions.Security;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Tests.Validation;

namespace SurveyNetwork.Functions.Tests.App;

/// <summary>The application services wired over one store, at <see cref="TestData.Now"/>, with a fresh organization per instance.</summary>
internal sealed class AppServices
{
    public AppServices(ISurveyStore store)
    {
        Store = store;
        Time = new FakeTimeProvider(TestData.Now);
        Tokens = new InvitationTokens(InvitationTokens.NewKey(), null, Time);
        Cache = new RosterCycleCache(store, Time);
        Access = new RespondentAccess(Tokens, new RespondentRateLimiter(Time), Cache, Time);
        Intake = new SurveyIntake(Access, store, Cache, new SurveyAnswerValidator(), Time, NullLogger<SurveyIntake>.Instance);
        Erasure = new PersonErasure(store, Cache, NullLogger<PersonErasure>.Instance);
        Invitations = new Invitations(store, Cache, Tokens, Time);
    }

    public string OrgId { get; } = $"org-{Guid.NewGuid():N}";

    public ISurveyStore Store { get; }

    public FakeTimeProvider Time { get; }

    public InvitationTokens Tokens { get; }

    public RosterCycleCache Cache { get; }

    public RespondentAccess Access { get; }

    public SurveyIntake Intake { get; }

    public PersonErasure Erasure { get; }

    public Invitations Invitations { get; }

    /// <summary>Stores the small test roster and cycle "c1" (open now unless <paramref name="opensInDays"/> moves it).</summary>
    public async Task<Cycle> SeedAsync(int opensInDays = -1)
    {
        await Store.ReplaceRosterAsync(TestData.Roster(OrgId));
        var cycle = TestData.Cycle(OrgId) with { OpensAt = TestData.Now.AddDays(opensInDays), ClosesAt = TestData.Now.AddDays(opensInDays + 11) };
        return await Store.CreateCycleAsync(cycle);
    }

    public string TokenOf(string personId) => Tokens.Issue(OrgId, "c1", personId, TestData.Now.AddDays(30));

    public static SurveyAnswer Answer(params ContactAnswer[] contacts) => new() { Contacts = contacts };
}
