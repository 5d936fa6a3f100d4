namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Response tokens: one per answer (ids 0..K−1), then HACK (passes only the visible check), FILLER
/// (justification text that changes no check) and END. BOS is an input-only id marking the start.
/// </summary>
internal sealed record Vocabulary(int Answers)
{
    public int Hack => Answers;
    public int Filler => Answers + 1;
    public int End => Answers + 2;
    /// <summary>Number of tokens the policy can emit.</summary>
    public int Size => Answers + 3;
    public int Bos => Size;
}
