using System.Text.Json;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>Rosters, cycles and answers for the report tests.</summary>
internal static class ReportTestData
{
    public static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Cycle Cycle(int k = 5, bool named = false, string id = "c1") => new()
    {
        OrgId = "acme",
        Id = id,
        Title = "Spring survey",
        OpensAt = At.AddDays(-14),
        ClosesAt = At,
        CreatedAt = At.AddDays(-20),
        AnonymityThreshold = k,
        NamedReports = named,
    };

    public static ContactAnswer Colleague(string id, Frequency frequency = Frequency.Weekly, bool personal = false, GiveBack giveBack = GiveBack.Sometimes) => new()
    {
        PersonId = id,
        Frequency = frequency,
        Personal = personal,
        GiveBack = giveBack,
        Benefits = [Benefit.Solutions],
    };

    public static ContactAnswer Outside(string label, OutsideKind kind = OutsideKind.Customer) => new()
    {
        OutsideKind = kind,
        OutsideLabel = label,
        Frequency = Frequency.Monthly,
        Personal = false,
        GiveBack = GiveBack.Rarely,
        Benefits = [Benefit.Validation],
    };

    public static Submission Answer(string respondent, IEnumerable<ContactAnswer> contacts, string cycleId = "c1", long version = 1, DateTimeOffset? at = null) => new()
    {
        OrgId = "acme",
        CycleId = cycleId,
        RespondentId = respondent,
        Contacts = contacts.ToArray(),
        SubmittedAt = at ?? At.AddDays(-2),
        Version = version,
    };

    /// <summary>
    /// Teams of the given sizes ("t0", "t1", …; people "t0-p0", …) in two functions, two sites and three
    /// levels. Each person names the next two colleagues in the team, one person in the next team and
    /// one outside contact, with answers that vary by person. <paramref name="respondents"/> gives how
    /// many in each team answer (all by default).
    /// </summary>
    public static ReportInputs Organization(int[] sizes, int[]? respondents = null, int k = 5, bool named = false, Func<Person, Person>? person = null)
    {
        var teams = sizes.Select((_, t) => new Team($"t{t}", $"Team {t}", t % 2 == 0 ? "North" : "South")).ToArray();
        var people = new List<Person>();
        for (var t = 0; t < sizes.Length; t++)
        {
            for (var i = 0; i < sizes[t]; i++)
            {
                var p = new Person($"t{t}-p{i}", $"Person {t}.{i}", $"t{t}", i % 3 == 0 ? "Engineering" : "Design", 1 + i % 3, t % 2 == 0 ? "Lisbon" : "Berlin",
                    Performance: 1 + (t * 7 + i * 3) % 5);
                people.Add(person?.Invoke(p) ?? p);
            }
        }

        var submissions = new List<Submission>();
        for (var t = 0; t < sizes.Length; t++)
        {
            var answering = respondents?[t] ?? sizes[t];
            for (var i = 0; i < answering; i++)
            {
                var contacts = new List<ContactAnswer>();
                for (var step = 1; step <= 2 && step < sizes[t]; step++)
                {
                    contacts.Add(Colleague($"t{t}-p{(i + step) % sizes[t]}", (Frequency)(1 + (i + step) % 4), personal: (i + step) % 3 == 0, giveBack: (GiveBack)((i + t) % 4)));
                }

                var next = (t + 1) % sizes.Length;
                if (next != t)
                {
                    contacts.Add(Colleague($"t{next}-p{i % sizes[next]}", Frequency.Monthly, personal: i % 2 == 0, giveBack: GiveBack.Rarely));
                }

                contacts.Add(Outside($"Supplier {t}.{i}"));
                submissions.Add(Answer($"t{t}-p{i}", contacts));
            }
        }

        return new ReportInputs(new Roster("acme", teams, people, At.AddDays(-30)), Cycle(k, named), submissions);
    }

    /// <summary>The report's JSON as a document.</summary>
    public static JsonElement Json(byte[] bytes) => JsonDocument.Parse(bytes).RootElement.Clone();
}
