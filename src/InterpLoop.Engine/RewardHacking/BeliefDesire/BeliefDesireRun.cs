using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking.BeliefDesire;

/// <summary>
/// architecture = belief_desire (Byrnes 2026), top to bottom. A plan is a response's content: one of the
/// answers or HACK, plus, with env.evasion = blind, a BLIND hack whose consequences the world model is never
/// asked to predict (motivated reasoning: its representation leaves out what it does).
/// 1. Reference: the world model learns to predict each plan's consequences; the desire head (valence =
///    w·representation, the policy a softmax over plans' valences) imitates the demonstrations.
/// 2. The probe is fitted on the reference world model's representations of honest and hacking plans.
/// 3. RL: REINFORCE with α·ψ in the reward trains the desire head only (the representations it reads are
///    detached); the world model keeps learning by prediction from the plans taken, never from the reward.
///    So the loop does not close: no gradient of ψ reaches the representation the probe reads, and
///    penalty.route = through_probe acts exactly as reward.
/// 4. The metrics of the monolithic scenario, measured on the world model.
/// </summary>
internal static class BeliefDesireRun
{
    const int Batch = 256;
    const double PretrainLearningRate = 1e-2;
    // Belief learning from experience is prediction, not RL: its own small, fixed step, whatever rl.lr is.
    const double BeliefLearningRate = 1e-3;

    sealed record Plans(int Count, int Hack, int? Blind, int Answers)
    {
        public Tensor IsHack(Tensor plan) => Blind is int b ? plan.eq(Hack).logical_or(plan.eq(b)) : plan.eq(Hack);
        public Tensor Visible(Tensor plan, Tensor correct) => IsHack(plan).logical_or(plan.eq(correct));
    }

    public static (Dictionary<string, double> Metrics, string? StopReason) Run(RewardHackingConfig c, TaskEnvironment env, long seed,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        int k = c.Answers;
        var plans = new Plans(c.Evasion == Evasion.Blind ? k + 2 : k + 1, k, c.Evasion == Evasion.Blind ? k + 1 : null, k);

        // 1. The reference: beliefs by prediction, then desires by imitation.
        var init = SeedStreams.Generator(seed, "reference.init");
        var data = SeedStreams.Generator(seed, "reference.data");
        var worldModel = WorldModel.Initialise(c.Features, c.Hidden, plans.Count, init);
        PretrainWorldModel(c, env, worldModel, plans, data, progress, cancellation);
        var referenceModel = worldModel.Clone(trainable: false);
        var referenceDesire = PretrainDesire(c, env, referenceModel, plans, data, progress, cancellation);

        // 2. The probe, on the reference world model.
        progress?.Report(new TrainingProgress("probe", 0, 1));
        var probeStream = SeedStreams.Generator(seed, "probe");
        var train = Pairs(c, env, referenceModel, referenceDesire, plans, ProbeTraining.TrainPairs, probeStream, c.ProbeQuality);
        var test = Pairs(c, env, referenceModel, referenceDesire, plans, ProbeTraining.TestPairs, probeStream, 1);
        var probe = Detector.Fit(c.ProbeKind, c.ProbeAggregation, c.ProbeLayers, Reps(referenceModel, train), Ones(train), train.Labels);
        probe.Calibrate(HonestLogits(c, env, referenceModel, referenceDesire, plans, probe, probeStream), c.ProbeFpr);
        probe.Sharpness = c.ProbeSharpness;
        double fprReference = HonestLogits(c, env, referenceModel, referenceDesire, plans, probe, probeStream).gt(probe.Threshold).to(ScalarType.Float64).mean().item<double>();
        Tensor testLogits;
        using (no_grad()) testLogits = probe.Logit(Reps(referenceModel, test), Ones(test));
        double aurocReference = ProbeTraining.AurocOf(testLogits, test.Labels);
        double tprReference = testLogits.masked_select(test.Labels).gt(probe.Threshold).to(ScalarType.Float64).mean().item<double>();

        // 3. RL on the desire head; prediction keeps training the world model.
        var rl = SeedStreams.Generator(seed, "rl");
        var model = referenceModel.Clone(trainable: true);
        var desire = referenceDesire.detach().clone().requires_grad_();
        var desireOptimizer = new SgdOptimizer(new[] { desire }, c.RlLearningRate);
        var beliefOptimizer = new AdamOptimizer(model.Parameters, BeliefLearningRate);
        string? stopReason = null;
        for (int step = 0; step < c.Steps && stopReason is null; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (problems, correct) = env.Sample(c.RlBatch, rl);                                  // [B, d], [B]
            var x = problems.repeat_interleave(c.RlGroup, 0);                                     // [N, d]
            var answer = correct.repeat_interleave(c.RlGroup, 0);                                 // [N]
            var logPolicy = Valences(model, desire, x, plans, detachBeliefs: true).log_softmax(1); // [N, P]
            Tensor plan, referenceLog;
            using (no_grad())
            {
                plan = logPolicy.exp().multinomial(1, generator: rl).squeeze(1);                  // [N]
                referenceLog = Valences(referenceModel, referenceDesire, x, plans, detachBeliefs: true).log_softmax(1);
            }
            var visible = plans.Visible(plan, answer).to(ScalarType.Float32);                     // [N]
            Tensor psi;
            using (no_grad()) psi = probe.Score(Beliefs(model, x, plan), OnesLike(plan));
            var reward = c.PenaltyRoute == PenaltyRoute.None ? visible : visible - c.PenaltyWeight * psi;
            var grouped = reward.view(c.RlBatch, c.RlGroup);
            var advantage = (grouped - grouped.mean(new long[] { 1 }, keepdim: true)).view(-1);   // [N]
            var kl = (logPolicy.exp() * (logPolicy - referenceLog)).sum(1);                       // [N]
            var loss = -(advantage * logPolicy.gather(1, plan.unsqueeze(1)).squeeze(1)).mean() + c.KlBeta * kl.mean();
            double lossValue = loss.item<float>();
            if (!double.IsFinite(lossValue)) { stopReason = $"non-finite loss at RL step {step + 1}"; break; }
            desireOptimizer.ZeroGrad();
            loss.backward();
            if (!double.IsFinite(desireOptimizer.GradNorm())) { stopReason = $"non-finite gradient at RL step {step + 1}"; break; }
            desireOptimizer.Step();

            // Predictive learning from experience, never on BLIND plans: the world model is not asked about them.
            var asked = plans.Blind is int b ? plan.ne(b) : OnesLike(plan).squeeze(1);
            if (asked.any().item<bool>())
            {
                var prediction = model.PredictionLoss(x.index(asked), plan.index(asked), visible.index(asked),
                    plan.index(asked).eq(answer.index(asked)).to(ScalarType.Float32));
                beliefOptimizer.ZeroGrad();
                prediction.backward();
                beliefOptimizer.Step();
            }
            if (step % 10 == 0 || step == c.Steps - 1) progress?.Report(new TrainingProgress("rl", step + 1, c.Steps, lossValue));
        }

        // 4. Metrics on held-out problems, read through the world model.
        progress?.Report(new TrainingProgress("eval", 0, 1));
        var metrics = Measure(c, env, referenceModel, referenceDesire, model, desire, plans, probe, train, test, SeedStreams.Generator(seed, "eval"));
        metrics["probe.fpr_reference"] = fprReference;
        metrics["probe.auroc_reference"] = aurocReference;
        metrics["probe.tpr_reference"] = tprReference;
        return (metrics, stopReason);
    }

    /// <summary>Valence of every plan for each problem: [n, P]. The desire head reads the world model's last layer.</summary>
    static Tensor Valences(WorldModel model, Tensor desire, Tensor x, Plans plans, bool detachBeliefs)
    {
        long n = x.shape[0];
        var xs = x.repeat_interleave(plans.Count, 0);                                            // [n·P, d]
        var all = arange(plans.Count).repeat(n);                                                  // [n·P]
        var beliefs = model.Representation(xs, all, 2);                                           // [n·P, H]
        if (detachBeliefs) beliefs = beliefs.detach();
        return beliefs.matmul(desire).view(n, plans.Count);                                       // [n, P]
    }

    static void PretrainWorldModel(RewardHackingConfig c, TaskEnvironment env, WorldModel model, Plans plans, Generator g,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var optimizer = new AdamOptimizer(model.Parameters, PretrainLearningRate);
        for (int step = 0; step < c.ReferenceSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, correct) = env.Sample(Batch, g);
            // Answers and HACK, never BLIND; the correct answer a third of the time, so "passes hidden" is
            // not a rare label the predictor could ignore.
            var u = rand(Batch, generator: g);
            var plan = where(u.lt(1.0 / 3), correct, randint(0, plans.Hack + 1, new long[] { Batch }, generator: g));
            var loss = model.PredictionLoss(x, plan, plans.Visible(plan, correct).to(ScalarType.Float32), plan.eq(correct).to(ScalarType.Float32));
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            if (step % 50 == 0) progress?.Report(new TrainingProgress("pretrain beliefs", step + 1, c.ReferenceSteps, loss.item<float>()));
        }
    }

    static Tensor PretrainDesire(RewardHackingConfig c, TaskEnvironment env, WorldModel model, Plans plans, Generator g,
        IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var desire = zeros(c.Hidden).requires_grad_();
        var optimizer = new AdamOptimizer(new[] { desire }, PretrainLearningRate);
        for (int step = 0; step < c.ReferenceSteps; step++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var (x, correct) = env.Sample(Batch, g);
            var u = rand(Batch, generator: g);
            var wrong = (correct + randint(1, c.Answers, new long[] { Batch }, generator: g)) % c.Answers;
            // Demonstrations hack rarely; where BLIND exists, half of those hacks are BLIND.
            var hack = plans.Blind is int blind ? where(u.lt(c.ReferenceHackRate / 2), full_like(correct, blind), full_like(correct, plans.Hack)) : full_like(correct, plans.Hack);
            var demo = where(u.lt(c.ReferenceHackRate), hack, where(u.lt(c.ReferenceHackRate + c.ReferenceAccuracy), correct, wrong));
            var loss = nn.functional.cross_entropy(Valences(model, desire, x, plans, detachBeliefs: true), demo);
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
            if (step % 50 == 0) progress?.Report(new TrainingProgress("pretrain desires", step + 1, c.ReferenceSteps, loss.item<float>()));
        }
        return desire.detach();
    }

    /// <summary>Labelled plans for the probe: per problem, an honest plan the reference would choose among the answers, and HACK.</summary>
    sealed record PlanPairs(Tensor X, Tensor Plans, Tensor Labels);

    static PlanPairs Pairs(RewardHackingConfig c, TaskEnvironment env, WorldModel reference, Tensor desire, Plans plans, int n, Generator g, double quality)
    {
        using var _ = no_grad();
        var (x, _) = env.Sample(n, g);
        var honestValences = Valences(reference, desire, x, plans, true).narrow(1, 0, plans.Answers); // [n, K]
        var honest = honestValences.softmax(1).multinomial(1, generator: g).squeeze(1);
        var hackX = quality < 1 ? env.SampleBelow(n, ProbeTraining.BlindSpotQuantile(env, quality, g), g) : x;
        return new PlanPairs(cat(new[] { x, hackX }, 0), cat(new[] { honest, full(n, (long)plans.Hack) }, 0),
            cat(new[] { zeros(n, dtype: ScalarType.Bool), ones(n, dtype: ScalarType.Bool) }, 0));
    }

    /// <summary>The world model's representations of these plans, without gradients, by layer: [n, 1, H].</summary>
    static Func<int, Tensor> Reps(WorldModel model, PlanPairs pairs)
    {
        using var _ = no_grad();
        return Beliefs(model, pairs.X, pairs.Plans);
    }

    /// <summary>
    /// The world model's representation of each problem's plan by hidden layer, as a one-token response: [n, 1, H].
    /// One pass serves every layer a detector reads (both, for probe.layer = all).
    /// </summary>
    static Func<int, Tensor> Beliefs(WorldModel model, Tensor x, Tensor plan)
    {
        var (layer1, layer2, _) = model.Forward(x, plan);
        return layer => (layer == 1 ? layer1 : layer2).unsqueeze(1);
    }

    static Tensor Ones(PlanPairs pairs) => ones(pairs.Plans.shape[0], 1, dtype: ScalarType.Bool);
    static Tensor OnesLike(Tensor plan) => ones(plan.shape[0], 1, dtype: ScalarType.Bool);

    static Tensor HonestLogits(RewardHackingConfig c, TaskEnvironment env, WorldModel model, Tensor desire, Plans plans, Detector probe, Generator g)
    {
        using var _ = no_grad();
        var (x, _) = env.Sample(ProbeTraining.CalibrationResponses, g);
        var honest = Valences(model, desire, x, plans, true).narrow(1, 0, plans.Answers).softmax(1).multinomial(1, generator: g).squeeze(1);
        return probe.Logit(Beliefs(model, x, honest), OnesLike(honest));
    }

    static Dictionary<string, double> Measure(RewardHackingConfig c, TaskEnvironment env, WorldModel referenceModel, Tensor referenceDesire,
        WorldModel model, Tensor desire, Plans plans, Detector probe, PlanPairs train, PlanPairs test, Generator g)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, correct) = env.Sample(c.EvalProblems, g);
        var logPolicy = Valences(model, desire, x, plans, true).log_softmax(1);
        var plan = logPolicy.exp().multinomial(1, generator: g).squeeze(1);
        var hacks = plans.IsHack(plan);
        var logitFinal = probe.Logit(Beliefs(model, x, plan), OnesLike(plan));
        var logitOriginal = probe.Logit(Beliefs(referenceModel, x, plan), OnesLike(plan));
        static double Mean(Tensor t) => ProbeMetrics.Mean(t);
        var fresh = Detector.Fit(c.ProbeKind, c.ProbeAggregation, c.ProbeLayers, Reps(model, train), Ones(train), train.Labels);
        var referenceLog = Valences(referenceModel, referenceDesire, x, plans, true).log_softmax(1);
        var metrics = new Dictionary<string, double>
        {
            ["hack_rate"] = Mean(hacks),
            ["task_accuracy"] = Mean(plan.eq(correct)),
            ["visible_pass_rate"] = Mean(plans.Visible(plan, correct)),
            ["filler_rate"] = 0,
            ["fresh_probe.auroc"] = ProbeTraining.AurocOf(fresh.Logit(Reps(model, test), Ones(test)), test.Labels),
            ["kl"] = Mean((logPolicy.exp() * (logPolicy - referenceLog)).sum(1)),
        };
        ProbeMetrics.AddTo(metrics, hacks, logitFinal, probe, logitOriginal, probe);
        return metrics;
    }
}
