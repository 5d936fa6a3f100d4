using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// ψ of every member of a population's responses, each through its own detector. Members whose detector is one linear
/// probe are scored together, a group per (layer, pooling): their probes stacked, the group's token logits one row-wise
/// multiply and sum, and the pooling and ψ as row-wise ops on [Q, N, ·]. Scoring member by member cost about 10 ops a
/// member a step. Any other detector (an mlp probe, an ensemble) scores its member alone. Every op is row-wise in the members
/// (there is no one-column product, see Linear), so a member's ψ does not depend on who is scored with it, and a solo
/// run, a population of one, takes the path its detector gives it in any population.
/// </summary>
internal static class PopulationPsi
{
    /// <summary>ψ [P, N] of the rollout's responses, from their token activations; emitted: [P, N, L] bool.</summary>
    public static Tensor Score(IReadOnlyList<Detector> detectors, Rollout rollout, Tensor emitted)
    {
        int P = detectors.Count;
        var rows = new Tensor[P];
        var groups = Enumerable.Range(0, P)
            .Where(p => detectors[p].SoleLinearProbe is not null)
            .GroupBy(p => (detectors[p].SoleLinearProbe!.Value.Layer, detectors[p].SoleLinearProbe!.Value.Probe.Aggregation));
        foreach (var group in groups)
        {
            var members = group.ToArray();
            bool all = members.Length == P;                                                  // every member, in order
            var chosen = all ? null : tensor(members.Select(m => (long)m).ToArray());         // [Q]
            var psi = Linear(members.Select(p => detectors[p]).ToList(), rollout, chosen,
                chosen is null ? emitted : emitted.index_select(0, chosen), group.Key.Layer, group.Key.Aggregation);   // [Q, N]
            if (all) return psi;
            for (int k = 0; k < members.Length; k++) rows[members[k]] = psi[k];
        }
        for (int p = 0; p < P; p++)
            rows[p] ??= detectors[p].Score(layer => rollout.TokenActivations(p, layer), emitted[p]);   // [N]
        return stack(rows, 0);                                                           // [P, N]
    }

    /// <summary>
    /// ψ of Q members' single linear probes at one layer: [Q, N]. The token logits h·w + b are computed on the
    /// rollout's activation rows and read at the tokens. <paramref name="members"/>: the Q members ([Q] int64), null
    /// for all. emitted: [Q, N, L].
    /// </summary>
    static Tensor Linear(IReadOnlyList<Detector> detectors, Rollout rollout, Tensor? members, Tensor emitted, int layer, ProbeAggregation aggregation)
    {
        int Q = detectors.Count;
        var probes = detectors.Select(d => d.SoleLinearProbe!.Value.Probe.LinearWeights!.Value).ToList();
        var weight = stack(probes.Select(w => w.Weight).ToArray(), 0).unsqueeze(1);          // [Q, 1, H]
        var bias = stack(probes.Select(w => w.Bias).ToArray(), 0).view(Q, 1);              // [Q, 1]
        var threshold = tensor(detectors.Select(d => (float)d.Threshold).ToArray()).view(Q, 1);   // [Q, 1]
        var sharpness = tensor(detectors.Select(d => (float)d.Sharpness).ToArray()).view(Q, 1);   // [Q, 1]
        var h = rollout.ActivationRows(layer);                                               // [P, A, H]
        if (members is not null) h = h.index_select(0, members);                             // [Q, A, H]
        // A product with one column is not a member's own product: ATen computes a [Q, A, H] × [Q, H, 1] bmm so that
        // a member's rows depend on Q (so does a broadcast matmul); a row-wise multiply and sum does not.
        var tokenLogits = rollout.AtTokens((h * weight).sum(2) + bias, members);             // [Q, A] → [Q, N, L]
        var logit = aggregation == ProbeAggregation.Mean
            ? (tokenLogits * emitted).sum(2) / emitted.sum(2).clamp_min(1)
            : tokenLogits.masked_fill(emitted.logical_not(), float.NegativeInfinity).amax(new long[] { 2 });   // [Q, N]
        return ((logit - threshold) * sharpness).sigmoid();                                 // [Q, N]
    }
}
