using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// What a <see cref="Prelude"/> depends on: the scenario, the engine version, the seed and every knob of the
/// configuration except those listed in <see cref="NotReadByPrelude"/>. The key is conservative by
/// construction: a knob is in it unless it is named here as one phases 1 and 2 never read, so a new knob
/// splits preludes until someone shows it need not. <see cref="Value"/> is the SHA-256 (lower-case hex) of
/// <see cref="Text"/>, one "field=value" per line with names and values escaped as in the run store's key.
/// </summary>
public sealed class PreludeKey : IEquatable<PreludeKey>
{
    /// <summary>Bumped if the canonical text ever changes, so old keys cannot collide with new ones.</summary>
    const string Scheme = "interploop.prelude/1";

    /// <summary>
    /// Knobs that reference pretraining (<see cref="ReferencePretraining"/>) and probe fitting and calibration
    /// (<see cref="ProbeTraining.Train"/>) never read: the learner and its objective, the RL loop, the
    /// probe's refresh during RL, the evaluation and the outcome thresholds.
    /// </summary>
    public static readonly IReadOnlySet<string> NotReadByPrelude = new HashSet<string>(StringComparer.Ordinal)
    {
        "learner", "penalty.route", "penalty.weight", "kl.beta", "steps", "probe.refresh",
        "rl.lr", "rl.batch", "rl.group", "eval.problems",
        "outcome.honest_cutoff", "outcome.degenerate_cutoff", "outcome.recall_cutoff",
    };

    PreludeKey(string text)
    {
        Text = text;
        Value = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The canonical text the key hashes.</summary>
    public string Text { get; }

    /// <summary>64 lower-case hex digits; what a store files the prelude under.</summary>
    public string Value { get; }

    public static PreludeKey Of(RewardHackingConfig config, long seed, string engineVersion = EngineVersion.Current)
    {
        var text = new StringBuilder();
        text.Append(Scheme).Append('\n');
        text.Append("scenario=").Append(Escape(InterpLoop.Spec.Catalog.RewardHackingCatalog.Name)).Append('\n');
        text.Append("engine=").Append(Escape(engineVersion)).Append('\n');
        text.Append("seed=").Append(seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (name, value) in RewardHackingConfigBinding.Describe(config))
            if (!NotReadByPrelude.Contains(name))
                text.Append("config.").Append(Escape(name)).Append('=').Append(Escape(value)).Append('\n');
        return new PreludeKey(text.ToString());
    }

    static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("=", "\\=");

    public bool Equals(PreludeKey? other) => other is not null && other.Value == Value;
    public override bool Equals(object? obj) => Equals(obj as PreludeKey);
    public override int GetHashCode() => Value.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Value;
}
