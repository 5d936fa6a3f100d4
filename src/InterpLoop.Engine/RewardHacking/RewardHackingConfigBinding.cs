using System.Globalization;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>Maps catalog parameter names to <see cref="RewardHackingConfig"/> properties, both ways.</summary>
public static class RewardHackingConfigBinding
{
    sealed record Binding(string Name, Func<RewardHackingConfig, ParameterValue> Get, Func<RewardHackingConfig, ParameterValue, RewardHackingConfig> Set);

    static ParameterValue Sym<T>(T e) where T : struct, Enum => ParameterValue.Of(ToSnake(e.ToString()));
    static T Enum<T>(ParameterValue v) where T : struct, Enum => System.Enum.Parse<T>(v.Symbol!.Replace("_", ""), ignoreCase: true);
    static ParameterValue Num(double x) => ParameterValue.Of(x);

    /// <summary>probe.layer's one symbol: every hidden layer (<see cref="RewardHackingConfig.ProbeLayer"/> null).</summary>
    public const string AllLayers = "all";

    static readonly Binding[] Bindings =
    {
        new("architecture", c => Sym(c.Architecture), (c, v) => c with { Architecture = Enum<Architecture>(v) }),
        new("learner", c => Sym(c.Learner), (c, v) => c with { Learner = Enum<Learner>(v) }),
        new("penalty.route", c => Sym(c.PenaltyRoute), (c, v) => c with { PenaltyRoute = Enum<PenaltyRoute>(v) }),
        new("penalty.weight", c => Num(c.PenaltyWeight), (c, v) => c with { PenaltyWeight = v.Number }),
        new("kl.beta", c => Num(c.KlBeta), (c, v) => c with { KlBeta = v.Number }),
        new("env.evasion", c => Sym(c.Evasion), (c, v) => c with { Evasion = Enum<Evasion>(v) }),
        new("steps", c => Num(c.Steps), (c, v) => c with { Steps = (int)v.Number }),
        new("probe.kind", c => Sym(c.ProbeKind), (c, v) => c with { ProbeKind = Enum<ProbeKind>(v) }),
        new("probe.aggregation", c => Sym(c.ProbeAggregation), (c, v) => c with { ProbeAggregation = Enum<ProbeAggregation>(v) }),
        new("probe.layer", c => c.ProbeLayer is int layer ? Num(layer) : ParameterValue.Of(AllLayers),
            (c, v) => c with { ProbeLayer = v.IsSymbol ? null : (int)v.Number }),
        new("probe.fpr", c => Num(c.ProbeFpr), (c, v) => c with { ProbeFpr = v.Number }),
        new("probe.sharpness", c => Num(c.ProbeSharpness), (c, v) => c with { ProbeSharpness = v.Number }),
        new("probe.quality", c => Num(c.ProbeQuality), (c, v) => c with { ProbeQuality = v.Number }),
        new("probe.refresh", c => Num(c.ProbeRefresh), (c, v) => c with { ProbeRefresh = (int)v.Number }),
        new("model.hidden", c => Num(c.Hidden), (c, v) => c with { Hidden = (int)v.Number }),
        new("env.features", c => Num(c.Features), (c, v) => c with { Features = (int)v.Number }),
        new("env.answers", c => Num(c.Answers), (c, v) => c with { Answers = (int)v.Number }),
        new("env.max_tokens", c => Num(c.MaxTokens), (c, v) => c with { MaxTokens = (int)v.Number }),
        new("reference.steps", c => Num(c.ReferenceSteps), (c, v) => c with { ReferenceSteps = (int)v.Number }),
        new("reference.accuracy", c => Num(c.ReferenceAccuracy), (c, v) => c with { ReferenceAccuracy = v.Number }),
        new("reference.hack_rate", c => Num(c.ReferenceHackRate), (c, v) => c with { ReferenceHackRate = v.Number }),
        new("reference.filler_rate", c => Num(c.ReferenceFillerRate), (c, v) => c with { ReferenceFillerRate = v.Number }),
        new("reference.hack_filler_rate", c => Num(c.ReferenceHackFillerRate), (c, v) => c with { ReferenceHackFillerRate = v.Number }),
        new("rl.lr", c => Num(c.RlLearningRate), (c, v) => c with { RlLearningRate = v.Number }),
        new("rl.batch", c => Num(c.RlBatch), (c, v) => c with { RlBatch = (int)v.Number }),
        new("rl.group", c => Num(c.RlGroup), (c, v) => c with { RlGroup = (int)v.Number }),
        new("eval.problems", c => Num(c.EvalProblems), (c, v) => c with { EvalProblems = (int)v.Number }),
        new("outcome.honest_cutoff", c => Num(c.HonestCutoff), (c, v) => c with { HonestCutoff = v.Number }),
        new("outcome.degenerate_cutoff", c => Num(c.DegenerateCutoff), (c, v) => c with { DegenerateCutoff = v.Number }),
        new("outcome.recall_cutoff", c => Num(c.RecallCutoff), (c, v) => c with { RecallCutoff = v.Number }),
    };

    static readonly Dictionary<string, Binding> ByName = Bindings.ToDictionary(b => b.Name);

    /// <summary>The names this binding knows, in catalog order.</summary>
    public static IEnumerable<string> Names => Bindings.Select(b => b.Name);

    /// <summary>The default config with <paramref name="assignments"/> applied. Names must be catalog names.</summary>
    public static RewardHackingConfig Bind(IReadOnlyDictionary<string, ParameterValue> assignments)
    {
        var config = new RewardHackingConfig();
        foreach (var (name, value) in assignments)
        {
            if (!ByName.TryGetValue(name, out var binding)) throw new ArgumentException($"unknown reward_hacking parameter '{name}'", nameof(assignments));
            config = binding.Set(config, value);
        }
        return config;
    }

    public static ParameterValue Get(RewardHackingConfig config, string name) => ByName[name].Get(config);

    /// <summary>Every knob by catalog name, in catalog order, as canonical text.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Describe(RewardHackingConfig config) =>
        RewardHackingCatalog.Catalog.Parameters
            .Select(p => new KeyValuePair<string, string>(p.Name, ByName[p.Name].Get(config).ToString()))
            .ToList();

    static string ToSnake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => char.IsUpper(ch) && i > 0 ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString(CultureInfo.InvariantCulture)));
}
