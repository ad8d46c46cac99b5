namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// Holds the answers a store reads for one cycle compactly: every benefit list shared
/// (<see cref="BenefitLists"/>), every person id held once however many respondents name that person,
/// and each submission's contacts in an array of exactly their number. A 1,000,000-person cycle's
/// answers (about 15 million contacts) otherwise carry a list and an id string per contact.
/// One instance per listing; not thread-safe.
/// </summary>
public sealed class AnswerCompactor
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>The one instance of this id seen by this compactor.</summary>
    public string Id(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_ids.TryGetValue(id, out var shared))
        {
            return shared;
        }

        _ids.Add(id);
        return id;
    }

    /// <summary>The same contacts with shared ids and benefit lists (an unchanged contact is kept as it is).</summary>
    public IReadOnlyList<ContactAnswer> Contacts(IReadOnlyList<ContactAnswer>? contacts)
    {
        if (contacts is null || contacts.Count == 0)
        {
            return [];
        }

        var result = new ContactAnswer[contacts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var c = contacts[i];
            if (c is null)
            {
                result[i] = c!;
                continue;
            }

            var id = c.PersonId is { } p ? Id(p) : null;
            var benefits = BenefitLists.Share(c.Benefits);
            result[i] = ReferenceEquals(id, c.PersonId) && ReferenceEquals(benefits, c.Benefits) ? c : c with { PersonId = id, Benefits = benefits! };
        }

        return result;
    }
}
