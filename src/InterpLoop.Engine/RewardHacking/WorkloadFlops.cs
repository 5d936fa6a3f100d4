namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The floating-point work of one monolithic REINFORCE run, counted analytically from its configuration: the
/// matrix products only (2·m·k·n each; element-wise ops, softmaxes and reductions are left out and are a few per
/// cent), every response counted at its full length L (responses that end early feed the probe fits fewer tokens,
/// so this is an upper bound there). Each phase follows the code it names, so the count changes with the code.
/// <see cref="Rl"/> counts the rows <see cref="Rollout"/> computes (each distinct input once, padded to
/// <see cref="PositionRows.MaxRows"/>); <see cref="RlEveryRow"/> is the same step computed as a plain teacher-forced
/// implementation does (a sampling pass, then the policy and the reference over every response at every position),
/// which is what the PyTorch reference executes. The read-out's zero columns (<see cref="PolicyPass"/>) are not counted:
/// they are work MKL's kernels want, not work the model needs.
/// </summary>
public sealed record WorkloadFlops(double Pretrain, double Probe, double Rl, double Eval, double RlEveryRow)
{
    /// <summary>The Newton steps a linear probe's fit is counted at: the number every fit of the default run took.</summary>
    public const int NewtonStepsCounted = 6;

    public double Total => Pretrain + Probe + Rl + Eval;

    /// <summary>
    /// The rows a pretraining step computes per demonstration, in expectation (<see cref="ReferencePretraining.Loglikelihood"/>):
    /// its emitted tokens, the content and END (the content alone when L = 1), and k ~ U{1..FillerBound−1} fillers
    /// between them at the filler rate of its content. 2.48 at the default sizes, of 7 positions.
    /// </summary>
    public static double ExpectedDemonstrationRows(RewardHackingConfig c)
    {
        double rate = ReferencePretraining.DemonstratesFiller(c)
            ? c.ReferenceHackRate * c.ReferenceHackFillerRate + (1 - c.ReferenceHackRate) * c.ReferenceFillerRate : 0;
        return Math.Min(c.MaxTokens, 2) + rate * ReferencePretraining.FillerBound(c) / 2.0;
    }

    public static WorkloadFlops Of(RewardHackingConfig c)
    {
        double d = c.Features, h = c.Hidden, v = c.Answers + 3, l = c.MaxTokens, t = l + 1;
        double f = d + (v + 1) + t;                                     // input width (problem, previous token, position)
        double forward = 2 * (f * h + 2 * h * h + h * v);               // one position through the network
        // Backward: weight gradients everywhere, input gradients except into the (constant) input.
        double backward = 2 * f * h + 2 * (2 * 2 * h * h) + 2 * 2 * h * v;
        int layers = c.ProbeLayers.Count;
        double probeToken = c.ProbeKind == ProbeKind.Linear ? 2 * h : 2 * (h * 16 + 16);
        // Probe.Fit on every token of 2·TrainPairs responses. Linear: Newton steps (float64), each the logits, the
        // gradient, the Hessian AᵀDA over A = [x 1] and one line-search loss; every fit of the default run (prelude
        // and fresh, 8 members) took 6 (engines 0.8.0 and 0.9.0). Mlp: 500 Adam steps, forward and weight gradients.
        double tokens = 2 * ProbeTraining.TrainPairs * l, a = h + 1;
        double fit = layers * (c.ProbeKind == ProbeKind.Linear
            ? NewtonStepsCounted * (3 * 2 * tokens * a + 2 * tokens * a * a) + 2 * tokens * a
            : 500 * tokens * probeToken * 2);
        double sample(double responses, double steps) => responses * steps * forward;   // Responses.Sample: one position a step
        double read(double responses) => responses * t * forward;                       // a teacher-forced pass

        // 1. ReferencePretraining: 400 steps of a batch of 256, forward and backward over the rows the loss reads.
        double pretrain = c.ReferenceSteps * 256 * ExpectedDemonstrationRows(c) * (forward + backward);
        // 2. ProbeTraining.Train: honest and forced-hack responses for train and test, their reads, the fit,
        //    and two calibration sets (sampled by the reference, read through it).
        int pairs = ProbeTraining.TrainPairs + ProbeTraining.TestPairs;
        double probe = sample(pairs, l) + sample(pairs, l - 1) + read(2 * ProbeTraining.TrainPairs) + read(2 * ProbeTraining.TestPairs) + fit
                     + 2 * (sample(ProbeTraining.CalibrationResponses, l) + read(ProbeTraining.CalibrationResponses));
        // 3. ReinforceLearner (Rollout): per step, the policy forward over each position's rows (0..L), backward over
        //    the rows whose logits the loss reads (0..L−1), the reference over those, and ψ on every response token.
        double n = c.RlBatch * c.RlGroup;
        var possible = Responses.PossibleCounts(Responses.LogitMask(new Vocabulary(c.Answers), c.MaxTokens, allowFiller: c.Evasion == Evasion.Filler), new Vocabulary(c.Answers));
        var rows = Enumerable.Range(0, c.MaxTokens + 1).Select(s => (double)PositionRows.MaxRows(s, c.RlBatch, c.RlGroup, possible)).ToArray();
        double scored = rows.Take(c.MaxTokens).Sum(), all = rows.Sum();
        double psi = layers * n * l * probeToken;
        double rl = c.Steps * (all * forward + scored * backward + scored * forward + psi);
        double rlEveryRow = c.Steps * (sample(n, l) + n * t * (forward + backward) + read(n) + psi);
        // 4. Evaluation: sample, read through the final and reference models, and the fresh probe (reads and fit).
        double eval = sample(c.EvalProblems, l) + 2 * read(c.EvalProblems) + read(2 * ProbeTraining.TrainPairs) + read(2 * ProbeTraining.TestPairs) + fit;
        return new WorkloadFlops(pretrain, probe, rl, eval, rlEveryRow);
    }
}
