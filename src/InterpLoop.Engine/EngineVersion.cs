namespace InterpLoop.Engine;

/// <summary>
/// Identifies the engine's numerical behaviour. Bump it whenever a change can alter any metric of any
/// run: the run store keys on it, and findings record it.
/// </summary>
public static class EngineVersion
{
    // 0.5.1: sampling computes only the position it samples (PolicyNetwork.StepLogits). At the default sizes that is
    // bit for bit the full pass of 0.5.0; at some others (32 responses a step; 16 to 64 at hidden 100 or 128) MKL
    // computes an n-row product's rows differently from a 7n-row one's, so the samples can differ.
    public const string Current = "0.5.1";
}
