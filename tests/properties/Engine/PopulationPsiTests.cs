using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Properties.Engine;

/// <summary>The population's ψ: every member's is what its own detector scores on its own response tokens, whatever the detectors around it.</summary>
public class PopulationPsiTests
{
    const int B = 8, G = 4, L = 6, H = 32;
    static readonly Vocabulary V = new(8);

    [Fact]
    public void Each_members_psi_is_its_own_detectors_score_of_its_tokens()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = NewDisposeScope();
        var g = new Generator(7);
        var nets = Enumerable.Range(0, 6).Select(_ => PolicyNetwork.Initialise(8, H, V, L, g)).ToArray();
        var mask = Responses.LogitMask(V, L, allowFiller: true);
        var rollout = Rollout.Sample(PolicyPopulation.Stack(nets, trainable: true), randn(6, B, 8, generator: g), G, mask,
            Enumerable.Range(0, 6).Select(i => new Generator((ulong)i)).ToArray());
        var emitted = Responses.Emitted(rollout.Tokens.flatten(0, 1), V).view(6, B * G, L);          // [P, N, L]
        Probe Linear(ProbeAggregation aggregation) => Probe.Linear(randn(H, generator: g), randn(1, generator: g).squeeze(), aggregation);
        var mlp = Probe.FromParts(new ProbeParts(ProbeKind.Mlp, ProbeAggregation.Mean,
            new[] { randn(H, 16, generator: g), randn(16, generator: g), randn(16, generator: g), randn(1, generator: g).squeeze() }, double.NaN));
        var ensemble = Detector.FromParts(new DetectorParts(new[] { (1, Linear(ProbeAggregation.Mean).Parts), (2, Linear(ProbeAggregation.Mean).Parts) }, 0.3, 2));
        var detectors = new[]
        {
            Detector.Of(2, Linear(ProbeAggregation.Mean), 0.5),   // a group of two at layer 2, mean
            Detector.Of(2, Linear(ProbeAggregation.Max), -0.2),   // alone in its group
            Detector.Of(1, mlp, 0.1),                             // scored alone
            Detector.Of(2, Linear(ProbeAggregation.Mean), 1.5),
            ensemble,                                             // scored alone
            Detector.Of(1, Linear(ProbeAggregation.Mean), 0),     // a group of one at layer 1
        };
        detectors[3].Sharpness = 4;

        var psi = PopulationPsi.Score(detectors, rollout, emitted);                                    // [P, N]
        for (int p = 0; p < detectors.Length; p++)
        {
            var own = detectors[p].Score(layer => rollout.TokenActivations(p, layer), emitted[p]);     // [N]
            double gap = (psi[p] - own).abs().max().item<float>();
            Assert.True(gap <= 1e-6, $"member {p}: the population's ψ differs from its detector's score by {gap:G3}");
        }

        // When one group holds every member, its ψ is the population's, in order.
        var sameKind = Enumerable.Range(0, 6).Select(p => Detector.Of(2, Linear(ProbeAggregation.Mean), 0.1 * p)).ToArray();
        var all = PopulationPsi.Score(sameKind, rollout, emitted);
        for (int p = 0; p < sameKind.Length; p++)
        {
            double gap = (all[p] - sameKind[p].Score(layer => rollout.TokenActivations(p, layer), emitted[p])).abs().max().item<float>();
            Assert.True(gap <= 1e-6, $"member {p} of one group: ψ differs from its detector's score by {gap:G3}");
        }
    }
}
