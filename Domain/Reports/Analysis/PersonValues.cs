using SurveyNetwork.Domain.Network;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Survey;

namespace SurveyNetwork.Domain.Reports.Analysis;

/// <summary>A person's <see cref="MeasureSet"/> from the engine's <see cref="PersonMeasures"/>.</summary>
internal static class PersonValues
{
    private static readonly string[] DiversityAttributes = [OrgAttributes.Team, OrgAttributes.Function, OrgAttributes.Level, OrgAttributes.Location];

    /// <param name="withBetweenness">False when betweenness was not computed exactly for this network (the previous cycle).</param>
    public static MeasureSet From(PersonMeasures p, bool withBetweenness = true)
    {
        var v = new double?[MeasureCatalog.Count];
        var responded = p.Responded == true;
        v[(int)Measure.NetworkSize] = responded ? p.NetworkSize : null;
        if (p.Boundaries is { } b)
        {
            v[(int)Measure.OtherTeam] = b.OtherTeam;
            v[(int)Measure.OtherFunction] = b.OtherFunction;
            v[(int)Measure.LevelUp] = b.LevelUp;
            v[(int)Measure.LevelDown] = b.LevelDown;
            v[(int)Measure.OtherLocation] = b.OtherLocation;
            v[(int)Measure.OutsideOrganization] = b.OutsideOrganization;
        }

        double sum = 0;
        var defined = 0;
        for (var a = 0; a < DiversityAttributes.Length; a++)
        {
            var value = responded && p.Diversity.TryGetValue(DiversityAttributes[a], out var d) ? d.BlauNormalized : null;
            v[(int)Measure.DiversityTeam + a] = value;
            if (value is { } x)
            {
                sum += x;
                defined++;
            }
        }

        v[(int)Measure.Diversity] = defined > 0 ? sum / defined : null;
        if (p.Ties is { } t)
        {
            v[(int)Measure.PersonalShare] = t.PersonalShare;
            v[(int)Measure.TieStrength] = t.MeanStrength;
            v[(int)Measure.GiveBack] = t.MeanGiveBack;
            v[(int)Measure.Energizing] = t.EnergizingShare;
            v[(int)Measure.DeEnergizing] = t.DeEnergizingShare;
            if (t.BenefitShares is { } mix)
            {
                v[(int)Measure.BenefitSolutions] = mix.GetValueOrDefault(Benefit.Solutions);
                v[(int)Measure.BenefitPointers] = mix.GetValueOrDefault(Benefit.PointersToWhoKnows);
                v[(int)Measure.BenefitReformulation] = mix.GetValueOrDefault(Benefit.ProblemReformulation);
                v[(int)Measure.BenefitValidation] = mix.GetValueOrDefault(Benefit.Validation);
                v[(int)Measure.BenefitLegitimation] = mix.GetValueOrDefault(Benefit.Legitimation);
            }
        }

        v[(int)Measure.ReciprocatedShare] = responded ? p.ReciprocatedShare : null;
        v[(int)Measure.InDegree] = p.InDegree;
        v[(int)Measure.OutDegree] = responded ? p.OutDegree : null;
        v[(int)Measure.Betweenness] = withBetweenness ? p.Betweenness : null;
        v[(int)Measure.Constraint] = p.Constraint;
        v[(int)Measure.EffectiveSize] = p.EffectiveSize;
        return new MeasureSet(v);
    }
}
