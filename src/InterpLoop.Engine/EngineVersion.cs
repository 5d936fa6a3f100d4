namespace InterpLoop.Engine;

/// <summary>
/// Identifies the engine's numerical behaviour. Bump it whenever a change can alter any metric of any
/// run: the run store keys on it, and findings record it.
/// </summary>
public static class EngineVersion
{
    public const string Current = "0.5.0";
}
