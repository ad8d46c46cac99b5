using System.Globalization;
using System.Text.Json;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;
using SurveyNetwork.Functions.Http;
using SurveyNetwork.Functions.Storage;

namespace SurveyNetwork.Benchmarks.Load;

/// <summary>
/// A seeded synthetic organization and what each respondent sends: one to
/// 1 + <see cref="LoadOptions.MaxResubmits"/> answers, each a valid survey body of 3–10 contacts
/// (roster people, sometimes one outside contact), already in normalized form so the stored
/// content can be compared with what was sent.
/// </summary>
public sealed class Workload
{
    public const int TeamSize = 50;

    private Workload(RosterInput roster, Respondent[] respondents)
    {
        Roster = roster;
        Respondents = respondents;
    }

    public RosterInput Roster { get; }

    public IReadOnlyList<Respondent> Respondents { get; }

    /// <summary>Requests the plan sends: every answer of every respondent.</summary>
    public int Requests => Respondents.Sum(r => r.Answers.Count);

    /// <summary>One respondent: roster id, invitation token (set after issuing) and the answers they send, in order.</summary>
    public sealed class Respondent(string personId, IReadOnlyList<Answer> answers)
    {
        public string PersonId { get; } = personId;

        public IReadOnlyList<Answer> Answers { get; } = answers;

        public string Token { get; set; } = "";
    }

    /// <summary>A request body and the contacts it should be stored as, serialized the way the store writes them.</summary>
    public sealed record Answer(byte[] Body, string ExpectedContacts);

    public static Workload Create(LoadOptions options)
    {
        var random = new Random(options.Seed);
        var n = options.Respondents;
        var ids = Enumerable.Range(0, n).Select(i => "p" + i.ToString("D6", CultureInfo.InvariantCulture)).ToArray();
        var teamCount = (n + TeamSize - 1) / TeamSize;
        string[] functions = ["Engineering", "Sales", "Operations", "Finance", "Marketing", "Support"];
        string[] locations = ["Lisbon", "Berlin", "Toronto", "Singapore"];
        var roster = new RosterInput
        {
            Teams = Enumerable.Range(0, teamCount)
                .Select(t => new TeamInput { Id = "t" + t.ToString("D4", CultureInfo.InvariantCulture), Name = $"Team {t}" }).ToArray(),
            People = ids.Select((id, i) => new PersonInput
            {
                Id = id,
                Name = $"Person {i}",
                TeamId = "t" + (i / TeamSize).ToString("D4", CultureInfo.InvariantCulture),
                Function = functions[(i / TeamSize) % functions.Length],
                Level = i % TeamSize == 0 ? 3 : 1 + (i % 2),
                Location = locations[(i / TeamSize) % locations.Length],
                ManagerId = i % TeamSize == 0 ? null : ids[i - (i % TeamSize)],
            }).ToArray(),
        };

        var respondents = new Respondent[n];
        for (var i = 0; i < n; i++)
        {
            var count = 1 + (random.NextDouble() < options.ResubmitShare ? random.Next(1, options.MaxResubmits + 1) : 0);
            respondents[i] = new Respondent(ids[i], Enumerable.Range(0, count).Select(_ => NewAnswer(random, ids, i)).ToArray());
        }

        return new Workload(roster, respondents);
    }

    /// <summary>Respondents in a seeded random order, so teams and resubmitters are spread over the run.</summary>
    public Respondent[] Shuffled(int seed)
    {
        var order = Respondents.ToArray();
        new Random(seed).Shuffle(order);
        return order;
    }

    private static Answer NewAnswer(Random random, string[] ids, int self)
    {
        var contacts = new List<ContactAnswer>();
        var named = new HashSet<int> { self };
        var count = random.Next(3, 11);
        while (contacts.Count < count)
        {
            // Mostly teammates, some people elsewhere, as real answers tend to be.
            var other = random.NextDouble() < 0.6
                ? (self / TeamSize * TeamSize) + random.Next(Math.Min(TeamSize, ids.Length - (self / TeamSize * TeamSize)))
                : random.Next(ids.Length);
            if (named.Add(other))
            {
                contacts.Add(Contact(random) with { PersonId = ids[other] });
            }
            else if (named.Count >= ids.Length)
            {
                break;
            }
        }

        if (random.NextDouble() < 0.15)
        {
            contacts.Add(Contact(random) with { OutsideKind = (OutsideKind)random.Next(1, 6), OutsideLabel = "Partner " + random.Next(100) });
        }

        var answer = new SurveyAnswer { Contacts = contacts };
        return new Answer(JsonSerializer.SerializeToUtf8Bytes(answer, ApiJson.Options), JsonSerializer.Serialize(contacts, StoreJson.Options));
    }

    private static ContactAnswer Contact(Random random) => new()
    {
        Frequency = (Frequency)random.Next(1, 5),
        Benefits = Enum.GetValues<Benefit>().Where(_ => random.NextDouble() < 0.4).ToArray(),
        Personal = random.NextDouble() < 0.3,
        GiveBack = (GiveBack)random.Next(0, 4),
    };
}
