using System.Text.RegularExpressions;
using InterpLoop.Cli.Atlas;
using InterpLoop.Hunt.Atlas;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Approvals.Cli.Atlas;

/// <summary>
/// atlas.json of a small atlas of the planted landscape, pinned: a change to its layout, its canonical form or
/// the cell aggregation shows as a readable diff. The landscape is instant and fixed, so only the code moves it.
/// </summary>
public class AtlasJsonApprovals
{
    [Fact]
    public void A_small_landscape_atlas()
    {
        var h = LandscapeScenario.Hypothesis(
            "  vary { a in 6 .. 6.5   c in { fancy, plain }   n in 1 .. 100 }\n  assume a < 6.5 or c == plain\n  claim always distance >= 0.25\n");
        var scenario = new LandscapeScenario();
        scenario.LuckySeeds.Add(1);
        var r = AtlasRunner.Run(h, new AtlasOptions("a", "c") { Grid = 3, Seeds = 2 }, (a, s) => scenario.Run(a, s));
        var json = AtlasJson.Serialize(r, "interploop atlas fake.ilspec --hypothesis fake.h --x a --y c --grid 3 --seeds 2");
        // The engine version is in every atlas, but bumping it must not touch this approval.
        ApprovalTests.Approvals.Verify(Regex.Replace(json, "\"engine_version\": \"[^\"]*\"", "\"engine_version\": \"(current)\""));
    }
}
