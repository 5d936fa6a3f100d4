namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Where the literature says each non-degenerate outcome should appear, as configurations of this toy
/// (found by sweeping α, β and the route; see the README). The approval tests pin their outcomes per seed.
/// </summary>
public static class RewardHackingLandmarks
{
    /// <summary>A landmark: the outcome expected, the source that predicts it, and the --set assignments.</summary>
    public sealed record Landmark(string Expect, string Source, string[] Sets);

    public static readonly long[] Seeds = { 0, 1, 2 };

    public static readonly Landmark[] All =
    {
        new(Outcome.Blatant, "Atlas: α = 0, RL alone teaches hacking and the probe still sees it",
            new[] { "penalty.weight=0", "kl.beta=0.001" }),
        new(Outcome.ObfuscatedActivations, "Atlas Fig. 4, Bailey et al.: gradients through the probe move the activations",
            new[] { "penalty.route=through_probe", "penalty.weight=1", "kl.beta=0.001" }),
        new(Outcome.ObfuscatedPolicy, "Atlas: low β, low α, mean-pooled probe evaded with filler text",
            new[] { "penalty.route=reward", "env.evasion=filler", "penalty.weight=0.3", "kl.beta=0.001" }),
        new(Outcome.Honest, "Atlas Fig. 9: high β and α give honest policies",
            new[] { "penalty.route=reward", "penalty.weight=3", "kl.beta=0.1" }),
    };
}
