namespace InterpLoop.Hunt;

/// <summary>How the hunt picks configurations: FsCheck's random samples, or the margin-steered targeted search.</summary>
public enum HuntStrategy { Random, Targeted }

public static class HuntStrategies
{
    /// <summary>The strategy as the command line writes it.</summary>
    public static string Text(HuntStrategy s) => s == HuntStrategy.Random ? "random" : "targeted";
}
