using FluentValidation;

namespace SurveyNetwork.Domain.Validation;

/// <summary>
/// Validates a whole roster: every row on its own (ids, names, levels) and the rows together
/// (unique ids, known teams, managers that exist, no management cycles).
/// </summary>
public sealed class RosterValidator : AbstractValidator<RosterInput>
{
    /// <summary>A validator that accepts only HTTPS webhooks to public addresses.</summary>
    public RosterValidator()
        : this(WebhookTargets.Strict)
    {
    }

    /// <param name="webhooks">Where team webhooks may point (hosts allowed for local receivers).</param>
    public RosterValidator(WebhookTargets webhooks)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        RuleFor(r => r.People).NotEmpty().WithMessage("A roster needs at least one person.")
            .Must(p => p is null || p.Count <= RosterInput.MaxPeople)
            .WithMessage($"A roster holds at most {RosterInput.MaxPeople:N0} people.");
        RuleFor(r => r.Teams).NotEmpty().WithMessage("A roster needs at least one team.")
            .Must(t => t is null || t.Count <= RosterInput.MaxTeams)
            .WithMessage($"A roster holds at most {RosterInput.MaxTeams:N0} teams.");

        RuleForEach(r => r.Teams).NotNull().WithMessage("A team must be an object.");
        RuleForEach(r => r.People).NotNull().WithMessage("A person must be an object.");
        RuleForEach(r => r.Teams).ChildRules(team =>
        {
            team.RuleFor(t => t.Id).Must(Text.IsValidId).WithMessage("Team id " + Text.IdRule + ".");
            team.RuleFor(t => Text.Normalize(t.Name)).NotEmpty().WithMessage("Team name is required.")
                .MaximumLength(200).WithMessage("Team name must be at most 200 characters.")
                .OverridePropertyName("Name");
            team.RuleFor(t => t.ParentUnit).MaximumLength(200);
            team.RuleFor(t => t.ReportRecipients).Must(r => r is null || r.Count <= 50)
                .WithMessage("At most 50 report recipients.");
            team.RuleFor(t => t.WebhookUrl).Custom((url, context) =>
            {
                if (url is not null && webhooks.Check(url) is { } problem)
                    context.AddFailure(problem);
            });
        });

        RuleForEach(r => r.People).ChildRules(person =>
        {
            person.RuleFor(p => p.Id).Must(Text.IsValidId).WithMessage("Person id " + Text.IdRule + ".");
            person.RuleFor(p => Text.Normalize(p.Name)).NotEmpty().WithMessage("Name is required.")
                .MaximumLength(200).WithMessage("Name must be at most 200 characters.")
                .OverridePropertyName("Name");
            person.RuleFor(p => p.TeamId).NotEmpty().WithMessage("Team id is required.");
            person.RuleFor(p => Text.Normalize(p.Function)).NotEmpty().WithMessage("Function is required.")
                .MaximumLength(100).OverridePropertyName("Function");
            person.RuleFor(p => Text.Normalize(p.Location)).NotEmpty().WithMessage("Location is required.")
                .MaximumLength(100).OverridePropertyName("Location");
            person.RuleFor(p => p.Level).NotNull().WithMessage("Level is required.")
                .InclusiveBetween(1, 30).WithMessage("Level must be a whole number from 1 to 30.");
            person.RuleFor(p => p.Performance).Must(v => v is null || double.IsFinite(v.Value))
                .WithMessage("Performance must be a finite number.");
        });

        RuleFor(r => r).Custom((roster, context) => CheckRowsTogether(roster, context));
    }

    private static void CheckRowsTogether(RosterInput roster, ValidationContext<RosterInput> context)
    {
        // Missing lists and null rows are reported by the rules above; checking rows together needs them all.
        if (roster.Teams is null || roster.People is null || roster.Teams.Contains(null!) || roster.People.Contains(null!))
        {
            return;
        }

        var teamIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < roster.Teams.Count; i++)
        {
            var id = roster.Teams[i].Id;
            if (id is not null && !teamIds.Add(id))
            {
                context.AddFailure($"Teams[{i}].Id", $"Team id '{id}' appears more than once.");
            }
        }

        var index = new Dictionary<string, int>(roster.People.Count, StringComparer.Ordinal);
        for (var i = 0; i < roster.People.Count; i++)
        {
            var p = roster.People[i];
            if (p.Id is null)
            {
                continue;
            }

            if (!index.TryAdd(p.Id, i))
            {
                context.AddFailure($"People[{i}].Id", $"Person id '{p.Id}' appears more than once.");
            }

            if (!string.IsNullOrEmpty(p.TeamId) && !teamIds.Contains(p.TeamId))
            {
                context.AddFailure($"People[{i}].TeamId", $"Team '{p.TeamId}' is not in the roster's teams.");
            }
        }

        var managerOk = new bool[roster.People.Count];
        for (var i = 0; i < roster.People.Count; i++)
        {
            var m = roster.People[i].ManagerId;
            if (string.IsNullOrEmpty(m))
            {
                managerOk[i] = true;
            }
            else if (m == roster.People[i].Id)
            {
                context.AddFailure($"People[{i}].ManagerId", "A person cannot be their own manager.");
            }
            else if (!index.ContainsKey(m))
            {
                context.AddFailure($"People[{i}].ManagerId", $"Manager '{m}' is not on the roster.");
            }
            else
            {
                managerOk[i] = true;
            }
        }

        // Walk each manager chain once (state: 0 unvisited, 1 on the current path, 2 done).
        var state = new byte[roster.People.Count];
        var path = new List<int>();
        for (var start = 0; start < roster.People.Count; start++)
        {
            path.Clear();
            var i = start;
            while (i >= 0 && state[i] == 0 && managerOk[i])
            {
                state[i] = 1;
                path.Add(i);
                var m = roster.People[i].ManagerId;
                i = string.IsNullOrEmpty(m) ? -1 : index.GetValueOrDefault(m, -1);
            }

            if (i >= 0 && state[i] == 1)
            {
                context.AddFailure($"People[{i}].ManagerId",
                    $"Management cycle: '{roster.People[i].Id}' is (indirectly) their own manager.");
            }

            foreach (var j in path)
            {
                state[j] = 2;
            }
        }
    }
}
