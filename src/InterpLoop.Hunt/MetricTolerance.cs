namespace InterpLoop.Hunt;

/// <summary>
/// When a replayed metric counts as unchanged. Runs are bit-deterministic on one machine, so the bound is
/// tight; it is not zero so that a finding recorded on another CPU, whose libm may round a last bit
/// differently, still replays.
/// </summary>
public static class MetricTolerance
{
    /// <summary>Relative to the larger magnitude; absolute below 1, where metrics (rates, scores) mostly live.</summary>
    public const double Relative = 1e-9;

    public static bool Same(double recorded, double now)
    {
        if (double.IsNaN(recorded) || double.IsNaN(now)) return double.IsNaN(recorded) && double.IsNaN(now);
        if (double.IsInfinity(recorded) || double.IsInfinity(now)) return recorded == now;
        return Math.Abs(recorded - now) <= Relative * Math.Max(1, Math.Max(Math.Abs(recorded), Math.Abs(now)));
    }
}
