using System.Text.Json;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>Builders for store tests; every test uses fresh ids, so tests sharing a store never meet.</summary>
internal static class StoreTestData
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A roster whose every name carries <paramref name="tag"/>, so a mix of two rosters is visible.</summary>
    public static Roster Roster(string orgId, int people, string tag = "A", int teams = 5)
    {
        var teamList = Enumerable.Range(0, teams)
            .Select(t => new Team($"t{t}", $"Team {t} {tag}", ParentUnit: t % 2 == 0 ? "Engineering" : null,
                ReportRecipients: t == 0 ? ["lead@example.org"] : null,
                WebhookUrl: t == 1 ? "https://hooks.example.org/report" : null))
            .ToList();
        var personList = Enumerable.Range(0, people)
            .Select(i => new Person(
                Id: $"p{i:D6}",
                Name: $"Person {i} {tag} — Zoë Ødegård",
                TeamId: $"t{i % teams}",
                Function: (i % 3) switch { 0 => "Engineering", 1 => "Sales", _ => "Operations" },
                Level: 1 + i % 5,
                Location: i % 2 == 0 ? "Lisbon" : "Kraków",
                ManagerId: i == 0 ? null : "p000000",
                Active: i % 17 != 0,
                Performance: i % 4 == 0 ? null : 1.5 + i % 4))
            .ToList();
        return new Roster(orgId, teamList, personList, T0.AddMinutes(people));
    }

    public static Cycle Cycle(string orgId, string cycleId, int opensInDays = 0) => new()
    {
        OrgId = orgId,
        Id = cycleId,
        Title = $"Spring survey {cycleId}",
        OpensAt = T0.AddDays(opensInDays),
        ClosesAt = T0.AddDays(opensInDays + 14),
        Options = new CycleOptions { MaxContacts = 15, AskEnergy = true },
        AnonymityThreshold = 5,
        PreviousCycleId = opensInDays > 0 ? "earlier" : null,
        CreatedAt = T0.AddDays(-1),
    };

    public static Submission Submission(string orgId, string cycleId, string respondentId, int contacts = 3, long version = 1) => new()
    {
        OrgId = orgId,
        CycleId = cycleId,
        RespondentId = respondentId,
        Contacts = Enumerable.Range(0, contacts)
            .Select(i => i == contacts - 1 && contacts > 1
                ? new ContactAnswer
                {
                    OutsideKind = OutsideKind.SupplierOrPartner,
                    OutsideLabel = "our main supplier",
                    Frequency = Frequency.Monthly,
                    Benefits = [Benefit.Validation],
                    GiveBack = GiveBack.Rarely,
                }
                : new ContactAnswer
                {
                    PersonId = $"p{i:D6}",
                    Frequency = (Frequency)(1 + i % 4),
                    Benefits = [Benefit.Solutions, Benefit.PointersToWhoKnows],
                    Personal = i % 2 == 0,
                    GiveBack = (GiveBack)(i % 4),
                    Energy = i % 2 == 0 ? 4 : null,
                })
            .ToList(),
        SubmittedAt = T0.AddHours(version).ToOffset(TimeSpan.FromHours(2)),
        Version = version,
        Source = "survey",
    };

    /// <summary>The stored form of a value, for comparing records that hold lists.</summary>
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, StoreJson.Options);

    public static void AssertSame<T>(T expected, T actual) => Assert.Equal(Json(expected), Json(actual));

    public static void AssertSameCycle(Cycle expected, Cycle? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(Json(expected with { ETag = null }), Json(actual with { ETag = null }));
    }
}
