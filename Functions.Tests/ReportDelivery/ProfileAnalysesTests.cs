using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Functions.Reports;

namespace SurveyNetwork.Functions.Tests.ReportDelivery;

/// <summary>
/// Profile analyses are shared and bounded: respondents who submit and open their profile in a
/// burst cost at most one organization analysis per refresh interval, counted through
/// <see cref="ProfileAnalyses.Analyses"/> on a fake clock.
/// </summary>
public sealed class ProfileAnalysesTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = new ReportJobOptions().ProfileRefresh;

    private JobHarness _h = null!;

    public async Task InitializeAsync() => _h = await JobHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_burst_of_submissions_and_profile_requests_costs_at_most_one_analysis_per_interval()
    {
        var (roster, cycle) = await _h.SeedAsync();
        using var analyses = new ProfileAnalyses(_h.Survey, new ReportJobOptions(), _h.Time);
        var first = await analyses.GetAsync(cycle, roster, CancellationToken.None);
        Assert.Equal(1, analyses.Analyses);

        var respondents = roster.ActivePeople.Take(20).ToArray();
        await BurstAsync(analyses, roster, cycle, respondents, version: 100, step: Interval / (2 * respondents.Length));

        Assert.Equal(1, analyses.Analyses); // half an interval of new answers and profile requests
        _h.Time.Advance(Interval / 2);
        var fresh = await analyses.GetAsync(cycle, roster, CancellationToken.None);
        Assert.Equal(2, analyses.Analyses);
        Assert.NotEqual(first.Fingerprint, fresh.Fingerprint);
        Assert.Equal(120, fresh.Inputs.Submissions.Single(s => s.RespondentId == respondents[^1].Id).Version);

        // A second burst spread over three intervals: one analysis per interval at most.
        await BurstAsync(analyses, roster, cycle, respondents, version: 200, step: 3 * Interval / respondents.Length);
        Assert.InRange(analyses.Analyses, 3, 5);

        // Unchanged answers are not analysed again, however often profiles are opened.
        var settled = await AfterIntervalAsync(analyses, roster, cycle);
        var count = analyses.Analyses;
        await AfterIntervalAsync(analyses, roster, cycle);
        Assert.Equal(count, analyses.Analyses);
        Assert.Equal(settled.Fingerprint, (await analyses.GetAsync(cycle, roster, CancellationToken.None)).Fingerprint);
    }

    [Fact]
    public async Task Concurrent_first_requests_of_a_cycle_wait_for_one_shared_analysis()
    {
        var (roster, cycle) = await _h.SeedAsync();
        using var analyses = new ProfileAnalyses(_h.Survey, new ReportJobOptions(), _h.Time);

        var served = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => analyses.GetAsync(cycle, roster, CancellationToken.None))));

        Assert.Equal(1, analyses.Analyses);
        Assert.All(served, a => Assert.Same(served[0], a));
    }

    private async Task BurstAsync(ProfileAnalyses analyses, Roster roster, Cycle cycle, Person[] respondents, int version, TimeSpan step)
    {
        for (var i = 0; i < respondents.Length; i++)
        {
            await _h.Survey.UpsertSubmissionAsync(Answer(roster, respondents[i], version + i + 1));
            await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => analyses.GetAsync(cycle, roster, CancellationToken.None))));
            _h.Time.Advance(step);
        }
    }

    private async Task<ReportAnalysis> AfterIntervalAsync(ProfileAnalyses analyses, Roster roster, Cycle cycle)
    {
        _h.Time.Advance(Interval);
        return await analyses.GetAsync(cycle, roster, CancellationToken.None);
    }

    /// <summary>A different answer for each version, so that every submission changes the inputs.</summary>
    private static Submission Answer(Roster roster, Person respondent, int version) => new()
    {
        OrgId = roster.OrgId,
        CycleId = "c1",
        RespondentId = respondent.Id,
        SubmittedAt = JobHarness.Start,
        Version = version,
        Contacts = roster.ActivePeople.Where(p => p.Id != respondent.Id).Skip(version % 7).Take(1 + (version % 4))
            .Select(p => new ContactAnswer { PersonId = p.Id, Frequency = Frequency.Weekly, Personal = version % 2 == 0, GiveBack = GiveBack.Often, Benefits = [Benefit.Solutions] })
            .ToArray(),
    };
}
