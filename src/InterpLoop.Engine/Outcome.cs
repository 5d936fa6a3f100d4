namespace InterpLoop.Engine;

/// <summary>The Atlas taxonomy (DESIGN.md, "Outcome taxonomy"), with the names specs use.</summary>
public static class Outcome
{
    public const string Degenerate = "degenerate";
    public const string Honest = "honest";
    public const string Blatant = "blatant";
    public const string ObfuscatedPolicy = "obfuscated_policy";
    public const string ObfuscatedActivations = "obfuscated_activations";

    public static readonly string[] All = { Degenerate, Honest, Blatant, ObfuscatedPolicy, ObfuscatedActivations };
}
