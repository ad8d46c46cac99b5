using System.Text.Json;
using SurveyNetwork.Domain.Reports.Analysis;
using SurveyNetwork.Domain.Reports.Model;
using SurveyNetwork.Domain.Reports.Rendering;

namespace SurveyNetwork.Functions.Tests.Reports;

/// <summary>The catalog a profile carries for its page names every measure once, as the measure catalog does.</summary>
public class ProfileCatalogTests
{
    [Fact]
    public void The_profile_catalog_lists_every_measure_once_in_catalog_order_with_its_labels()
    {
        var catalog = ProfileCatalog.Default;
        Assert.Equal(MeasureCatalog.Lens.Select(e => e.Measure), catalog.Lens.SelectMany(g => g.Measures).Select(m => m.Measure));
        Assert.Equal(MeasureCatalog.Structural.Select(e => e.Measure), catalog.Structure.Select(m => m.Measure));
        Assert.All(catalog.Lens.SelectMany(g => g.Measures).Concat(catalog.Structure), m =>
        {
            var entry = MeasureCatalog.Of(m.Measure);
            Assert.Equal((entry.Label, entry.Kind, entry.ScaleMax, entry.WholeForPerson), (m.Label, m.Kind, m.ScaleMax, m.WholeForPerson));
            Assert.False(string.IsNullOrWhiteSpace(m.Help));
        });
    }

    [Fact]
    public void The_profile_json_names_each_catalog_measure_by_its_key_in_the_value_sets()
    {
        var analysis = ReportBuilder.Analyze(ReportTestData.Organization([6, 5], k: 3));
        var json = ReportTestData.Json(ReportFormats.Json(ReportBuilder.BuildProfile(analysis, analysis.Inputs.Submissions[0].RespondentId)));
        var own = json.GetProperty("own");
        var catalog = json.GetProperty("catalog");
        var lens = catalog.GetProperty("lens").EnumerateArray().SelectMany(g => g.GetProperty("measures").EnumerateArray());
        var keys = lens.Concat(catalog.GetProperty("structure").EnumerateArray()).Select(m => m.GetProperty("measure").GetString()!).ToArray();
        Assert.Equal(own.EnumerateObject().Select(p => p.Name), keys);
        Assert.Equal(JsonValueKind.String, catalog.GetProperty("lens")[0].GetProperty("measures")[0].GetProperty("kind").ValueKind);
    }
}
