using InterpLoop.Hunt.Atlas;
using InterpLoop.Properties.Hunt;

namespace InterpLoop.Properties.Cli.Atlas;

/// <summary>Small atlases of the planted landscape for the writers' tests: blatant in the band, honest outside, some cells excluded.</summary>
internal static class AtlasSamples
{
    public const string Command = "interploop atlas fake.ilspec --hypothesis fake.h --x a --y b --grid 5 --seeds 2";

    /// <summary>a across the band on a linear axis, b on a log axis, the corner a ≥ 6.4 and b ≥ 0.1 excluded by the assume.</summary>
    public static AtlasResult Band() => AtlasRunner.Run(
        LandscapeScenario.Hypothesis("  vary { a in 6 .. 6.5   b in 1e-4 .. 1 log   c in { plain, fancy } }\n  assume a < 6.4 or b < 0.1\n  claim always distance >= 0.25\n"),
        new AtlasOptions("a", "b") { Grid = 5, Seeds = 2 }, (a, s) => new LandscapeScenario().Run(a, s));
}
