using System.Text.Json;
using CsCheck;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Storage;
using SurveyNetwork.Functions.Storage.Sqlite;

namespace SurveyNetwork.Functions.Tests.Storage;

/// <summary>
/// The stores hold a listing's answers compactly (<see cref="AnswerCompactor"/>): the contacts must
/// stay exactly as answered, while equal ids and equal benefit sequences become one instance each.
/// </summary>
public class AnswerCompactorTests
{
    private static readonly Gen<string> Id = Gen.Int[0, 30].Select(i => "p" + i);

    private static readonly Gen<ContactAnswer?> Contact =
        from isNull in Gen.Int[0, 19]
        from outside in Gen.Int[0, 9]
        from personId in Id
        from frequency in Gen.Int[0, 5].Select(f => (Frequency)f)
        from benefits in Gen.Int[0, 6].Select(b => (Benefit)b).Array[0, 7].Null()
        from personal in Gen.Int[0, 2].Select(p => p == 0 ? (bool?)null : p == 1)
        from energy in Gen.Int[-1, 6].Select(e => e < 0 ? (int?)null : e)
        select isNull == 0 ? null : new ContactAnswer
        {
            PersonId = outside == 0 ? null : new string(personId.AsSpan()),
            OutsideKind = outside == 0 ? OutsideKind.Customer : null,
            Frequency = frequency,
            Benefits = benefits!,
            Personal = personal,
            Energy = energy,
        };

    [Fact]
    public void Compacted_contacts_are_the_answers_as_given() =>
        Contact.List[0, 12].List[1, 20].Sample(submissions =>
        {
            var compactor = new AnswerCompactor();
            foreach (var contacts in submissions)
            {
                var compacted = compactor.Contacts(contacts!);
                Assert.Equal(Outcome(contacts!), Outcome(compacted));
            }
        }, iter: 2_000);

    [Fact]
    public void Equal_ids_and_benefit_sequences_become_one_instance()
    {
        var compactor = new AnswerCompactor();
        var first = compactor.Contacts([new ContactAnswer { PersonId = new string("p7".AsSpan()), Benefits = [Benefit.Validation, Benefit.Solutions] }]);
        var second = compactor.Contacts([new ContactAnswer { PersonId = new string("p7".AsSpan()), Benefits = new List<Benefit> { Benefit.Validation, Benefit.Solutions } }]);
        Assert.Same(first[0].PersonId, second[0].PersonId);
        Assert.Same(first[0].Benefits, second[0].Benefits);
        Assert.Equal([Benefit.Validation, Benefit.Solutions], second[0].Benefits);

        // Order and repeats are kept: another sequence is another list.
        var reversed = compactor.Contacts([new ContactAnswer { PersonId = "p7", Benefits = [Benefit.Solutions, Benefit.Validation] }]);
        Assert.NotSame(first[0].Benefits, reversed[0].Benefits);
        Assert.Equal([Benefit.Solutions, Benefit.Validation], reversed[0].Benefits);
        Assert.Same(first[0].PersonId, compactor.Id(new string("p7".AsSpan())));
    }

    [Fact]
    public async Task A_listing_from_the_sqlite_store_shares_ids_and_benefit_lists()
    {
        var folder = Directory.CreateTempSubdirectory("surveynetwork-compact-");
        try
        {
            using var store = new SqliteSurveyStore(Path.Combine(folder.FullName, "store.db"));
            await store.InitializeAsync();
            var at = DateTimeOffset.UnixEpoch.AddYears(56);
            foreach (var respondent in new[] { "a", "b" })
            {
                await store.UpsertSubmissionAsync(new Submission
                {
                    OrgId = "org",
                    CycleId = "c1",
                    RespondentId = respondent,
                    Contacts = [new ContactAnswer { PersonId = respondent == "a" ? "b" : "a", Frequency = Frequency.Weekly, Benefits = [Benefit.Legitimation] }, new ContactAnswer { PersonId = "c", Frequency = Frequency.Daily, Benefits = [Benefit.Legitimation] }],
                    SubmittedAt = at,
                    Version = 1,
                });
            }

            var listed = await store.ListSubmissionsAsync("org", "c1");
            Assert.Equal(["a", "b"], listed.Select(s => s.RespondentId));
            Assert.Same(listed[0].RespondentId, listed[1].Contacts[0].PersonId);
            Assert.Same(listed[0].Contacts[1].PersonId, listed[1].Contacts[1].PersonId);
            Assert.Same(listed[0].Contacts[0].Benefits, listed[1].Contacts[1].Benefits);
            Assert.Equal([Benefit.Legitimation], listed[1].Contacts[1].Benefits);
        }
        finally
        {
            SqliteConnectionCleanup();
            folder.Delete(recursive: true);
        }
    }

    private static void SqliteConnectionCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private static string Outcome(IReadOnlyList<ContactAnswer?> contacts)
    {
        try
        {
            return Convert.ToHexString(JsonSerializer.SerializeToUtf8Bytes(contacts, StoreJson.Options));
        }
        catch (JsonException e)
        {
            return "throws " + e.GetType().Name;
        }
        catch (ArgumentException e)
        {
            return "throws " + e.GetType().Name;
        }
    }
}
