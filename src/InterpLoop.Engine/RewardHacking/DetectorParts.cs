namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// Everything a calibrated <see cref="Detector"/> is: the layers it reads with their probes' parts, its threshold and
/// its sharpness. A prelude stores and restores the detector through these parts.
/// </summary>
internal sealed record DetectorParts(IReadOnlyList<(int Layer, ProbeParts Probe)> Members, double Threshold, double Sharpness);

internal sealed partial class Detector
{
    public DetectorParts Parts => new(members.Select(m => (m.Layer, m.Probe.Parts)).ToList(), Threshold, Sharpness);

    /// <summary>The detector these parts describe; the probes' weights become its own.</summary>
    public static Detector FromParts(DetectorParts parts)
    {
        if (parts.Members.Count == 0) throw new ArgumentException("a detector reads at least one layer", nameof(parts));
        return new Detector(parts.Members.Select(m => (m.Layer, Probe.FromParts(m.Probe))).ToList())
        {
            Threshold = parts.Threshold,
            Sharpness = parts.Sharpness,
        };
    }
}
