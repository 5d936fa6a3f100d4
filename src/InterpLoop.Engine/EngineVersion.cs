namespace InterpLoop.Engine;

/// <summary>
/// Identifies the engine's numerical behaviour. Bump it whenever a change can alter any metric of any
/// run: the run store keys on it, and findings record it.
/// </summary>
public static class EngineVersion
{
    // 0.5.1: sampling computes only the position it samples (PolicyNetwork.StepLogits). At the default sizes that is
    // bit for bit the full pass of 0.5.0; at some others (32 responses a step; 16 to 64 at hidden 100 or 128) MKL
    // computes an n-row product's rows differently from a 7n-row one's, so the samples can differ.
    // 0.6.0: an RL step computes each distinct input row once and scores its responses with the pass that sampled them
    // (Rollout, PositionRows); tokens are drawn by inverse CDF from one uniform each (Responses.Draw), not by ATen's
    // multinomial. The same algorithm, other float rounding and other draws, so every run's samples change.
    // 0.7.0: the networks' tanh blocks compute tanh(z) as 2σ(2z) − 1 (TanhBlock): the same function through ATen's
    // pinned sigmoid kernel instead of MKL's tanh, other float rounding (within 1.8e-7). Made on an AMD EPYC, where
    // 0.6.0's approvals did not reproduce (MKL follows the CPU family; README, "The same numbers on every machine").
    // 0.8.0: a linear probe is fitted by Newton's method to the optimum 0.7.0's 500 Adam steps had reached (Probe.FitLinear;
    // weights within 1.4e-5), and the policy's read-out pads its 11 columns to 16 for MKL's fast kernel (Readout). Both
    // only round otherwise; a population of 32's evaluation went from 6.3 s to 1.8 s (README, Speed).
    // 0.9.0: pretraining computes only the rows its loss reads, about 2.5 of a demonstration's 7 positions
    // (ReferencePretraining.Loglikelihood), and an RL step computes every member's loss, KL and ψ as row-wise ops over the
    // population instead of member by member, ψ's token logits on the activation rows (PopulationPsi). The same sums in
    // another order; a pretraining went from 2.0 s to 1.0 s and an RL member-step from 2.7–3.0 ms to 2.1–2.2 (README, Speed).
    // 0.10.0: the policy's networks run through PolicyPass: a hand-written backward pass over every row of a step at once
    // (one product per weight instead of one per position), biases and incoming gradients as the products' initial
    // values, the blocks' element-wise work in one pass each way, and tanh computed by FloatTanh (within 2 ulp of tanh;
    // 2σ(2z) − 1 was within 1.8e-7 absolute); the sampling softmax and the training log-softmax (and its backward pass)
    // are RowSoftmax's, four to six times faster than ATen's on rows of 11. Other float rounding everywhere the policy
    // computes; every recorded status stands, and the approvals' outcomes are 0.9.0's.
    public const string Current = "0.10.0";
}
