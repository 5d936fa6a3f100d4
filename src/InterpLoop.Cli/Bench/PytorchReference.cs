namespace InterpLoop.Cli.Bench;

// Placeholder until the pytorch branch lands its runner; replaced at merge.
internal static class PytorchReference
{
    public sealed record RunTimes(double TotalSeconds);
    public sealed record Output(int Threads, IReadOnlyList<RunTimes> Runs) { public double MeanSeconds => Runs.Average(r => r.TotalSeconds); }
    public sealed record Outcome(Output? Result, string? Error);
    public static Outcome Run(int runs, int threads) => new(null, "not merged yet");
}
