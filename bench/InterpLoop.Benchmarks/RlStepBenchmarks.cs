using BenchmarkDotNet.Attributes;
using InterpLoop.Engine;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;

namespace InterpLoop.Benchmarks;

/// <summary>
/// Ten RL steps of the default configuration: the solo learner, and populations of 2 to 32 members trained as one
/// batched program. Each benchmark reports the time per member (OperationsPerInvoke), so the ratio to the baseline is
/// the batched program's saving per run. The reference model is a short pretraining (its quality does not change an
/// RL step's work).
/// </summary>
[MemoryDiagnoser]
public class RlStepBenchmarks
{
    const int Steps = 10;
    RewardHackingConfig config = null!;
    TaskEnvironment env = null!;
    Prelude prelude = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        config = new RewardHackingConfig { Steps = Steps };
        env = new TaskEnvironment(config.Features, config.Answers);
        prelude = Prelude.Compute(config with { ReferenceSteps = 50 }, env, 0, null, default);
    }

    [GlobalCleanup]
    public void Cleanup() => prelude.Dispose();

    [Benchmark(Baseline = true, Description = "solo")]
    public void Solo()
    {
        using var scope = torch.NewDisposeScope();
        ReinforceLearner.Train(config, env, prelude.Reference, prelude.Probe.Detector, SeedStreams.Generator(0, "rl"), null, default);
    }

    [Benchmark(OperationsPerInvoke = 2, Description = "population of 2, per member")]
    public void Population2() => Population(2);

    [Benchmark(OperationsPerInvoke = 4, Description = "population of 4, per member")]
    public void Population4() => Population(4);

    [Benchmark(OperationsPerInvoke = 8, Description = "population of 8, per member")]
    public void Population8() => Population(8);

    [Benchmark(OperationsPerInvoke = 32, Description = "population of 32, per member")]
    public void Population32() => Population(32);

    void Population(int size)
    {
        using var scope = torch.NewDisposeScope();
        var members = Enumerable.Range(0, size).Select(i => new PopulationReinforce.Member(config with { PenaltyWeight = i % 4 },
            prelude.Reference, prelude.Probe.Detector, SeedStreams.Generator(i, "rl"), null)).ToList();
        PopulationReinforce.Train(members, env, null, default);
    }
}
