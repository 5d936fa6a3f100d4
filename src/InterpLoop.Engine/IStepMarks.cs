namespace InterpLoop.Engine;

/// <summary>
/// Hears a training step pass the ends of its numbered phases ("1 sample", "2 forward", …), so a profiler at the edge
/// (`interploop bench`) can time them with its own clock: the engine says where it is and never reads a clock.
/// </summary>
public interface IStepMarks
{
    /// <summary>The phase named here has just ended; the next one starts.</summary>
    void Mark(string phase);
}
