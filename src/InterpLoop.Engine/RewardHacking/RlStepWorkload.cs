using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// RL steps of the default configuration, alone or as one batched population, for profiling (`interploop bench`'s
/// step profile). The reference is a short pretraining: an RL step's work does not depend on its quality, since every
/// response is scored at its full length. Members differ in α, as the bench's population does.
/// </summary>
public static class RlStepWorkload
{
    public static void Train(int members, int steps, IStepMarks? marks = null)
    {
        if (members < 1) throw new ArgumentOutOfRangeException(nameof(members), $"members must be at least 1, got {members}");
        torch.set_num_threads(RewardHackingScenario.Threads);
        var config = new RewardHackingConfig { Steps = steps };
        var env = new TaskEnvironment(config.Features, config.Answers);
        using var scope = NewDisposeScope();
        using var prelude = Prelude.Compute(config with { ReferenceSteps = 50 }, env, 0, null, default);
        if (members == 1)
            ReinforceLearner.Train(config, env, prelude.Reference, prelude.Probe.Detector, SeedStreams.Generator(0, "rl"), null, default, marks: marks);
        else
            PopulationReinforce.Train(Enumerable.Range(0, members).Select(i => new PopulationReinforce.Member(config with { PenaltyWeight = i % 4 },
                prelude.Reference, prelude.Probe.Detector, SeedStreams.Generator(i, "rl"), null)).ToList(), env, null, default, marks);
    }
}
