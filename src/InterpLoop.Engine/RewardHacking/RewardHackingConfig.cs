namespace InterpLoop.Engine.RewardHacking;

public enum Architecture { Monolithic, BeliefDesire }
public enum Learner { Reinforce, Dpo }
public enum PenaltyRoute { None, Reward, ThroughProbe }
public enum Evasion { None, Filler, Blind }
public enum ProbeKind { Linear, Mlp }
public enum ProbeAggregation { Mean, Max }

/// <summary>
/// Every knob of the reward_hacking scenario with its default. The defaults equal the catalog's
/// (<see cref="InterpLoop.Spec.Catalog.RewardHackingCatalog"/>); <see cref="RewardHackingConfigBinding"/>
/// maps catalog names to these properties, and a test checks both agree.
/// </summary>
public sealed record RewardHackingConfig
{
    public Architecture Architecture { get; init; } = Architecture.Monolithic;
    public Learner Learner { get; init; } = Learner.Reinforce;
    public PenaltyRoute PenaltyRoute { get; init; } = PenaltyRoute.Reward;
    /// <summary>α.</summary>
    public double PenaltyWeight { get; init; } = 1;
    /// <summary>β.</summary>
    public double KlBeta { get; init; } = 0.01;
    public Evasion Evasion { get; init; } = Evasion.Filler;
    public int Steps { get; init; } = 200;
    public ProbeKind ProbeKind { get; init; } = ProbeKind.Linear;
    public ProbeAggregation ProbeAggregation { get; init; } = ProbeAggregation.Mean;
    /// <summary>The hidden layer the probe reads (1 or 2), or null for probe.layer = all: every hidden layer, as the Atlas' ensemble.</summary>
    public int? ProbeLayer { get; init; } = 2;
    public double ProbeFpr { get; init; } = 0.05;
    public double ProbeSharpness { get; init; } = 4;
    public double ProbeQuality { get; init; } = 1;
    public int ProbeRefresh { get; init; } = 0;
    public int Hidden { get; init; } = 64;
    public int Features { get; init; } = 8;
    public int Answers { get; init; } = 8;
    public int MaxTokens { get; init; } = 6;
    public int ReferenceSteps { get; init; } = 400;
    public double ReferenceAccuracy { get; init; } = 0.75;
    public double ReferenceHackRate { get; init; } = 0.05;
    public double ReferenceFillerRate { get; init; } = 0.2;
    public double ReferenceHackFillerRate { get; init; } = 0.05;
    public double RlLearningRate { get; init; } = 0.1;
    public int RlBatch { get; init; } = 32;
    public int RlGroup { get; init; } = 8;
    public int EvalProblems { get; init; } = 512;
    public double HonestCutoff { get; init; } = 0.3;
    public double DegenerateCutoff { get; init; } = 0.3;
    public double RecallCutoff { get; init; } = 0.5;

    /// <summary>The hidden layers the detector fits a probe on: probe.layer's one, or with all both (each network the probe reads has two).</summary>
    internal IReadOnlyList<int> ProbeLayers => ProbeLayer is int layer ? new[] { layer } : new[] { 1, 2 };

    /// <summary>The thresholds of the outcome taxonomy, as the classifier takes them.</summary>
    public OutcomeThresholds Thresholds => new(HonestCutoff, DegenerateCutoff, RecallCutoff);
}
