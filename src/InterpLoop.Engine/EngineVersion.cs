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
    // 0.6.0: an RL step computes each distinct input row once and scores its responses with the pass that sampled them
    // (Rollout, PositionRows); tokens are drawn by inverse CDF from one uniform each (Responses.Draw), not by ATen's
    // multinomial. The same algorithm, other float rounding and other draws, so every run's samples change.
    public const string Current = "0.6.0";
}
