namespace InterpLoop.Hunt;

/// <summary>How the hunt picks configurations: FsCheck's random samples, or the margin-steered targeted search.</summary>
public enum HuntStrategy { Random, Targeted }
