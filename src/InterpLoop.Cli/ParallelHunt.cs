using System.Diagnostics;
using System.Text.Json.Nodes;
using InterpLoop.Hunt.Workers;
using InterpLoop.Spec;

namespace InterpLoop.Cli;

/// <summary>
/// Hunts several hypotheses at once, each in a worker process of its own (`interploop hunt FILE --hypothesis NAME
/// --json`) sharing the run store: a run trains on one thread, so on a machine of N cores N workers do N runs at
/// once. Processes rather than threads, because TorchSharp's implicit Scalars are finalized by whichever thread
/// collects garbage (tests/README.md). A worker's JSON line is its result; its stderr lines are its progress.
/// </summary>
internal static class ParallelHunt
{
    /// <summary>What came back from one worker: its JSON result, or why there is none.</summary>
    public sealed record WorkerResult(Hypothesis Hypothesis, JsonObject? Json, int ExitCode, string Error);

    public static IReadOnlyList<WorkerResult> Run(IReadOnlyList<Hypothesis> hypotheses, int jobs, Func<Hypothesis, IReadOnlyList<string>> arguments,
        Action<Hypothesis, string> progress, Action<WorkerResult> finished, CancellationToken cancellation)
    {
        var results = new WorkerResult?[hypotheses.Count];
        // Largest budgets first (longest processing time first): a long hunt started last would run alone at the end.
        var order = Enumerable.Range(0, hypotheses.Count).OrderByDescending(i => hypotheses[i].Budget ?? InterpLoop.Hunt.HuntOptions.DefaultBudget).ThenBy(i => i).ToArray();
        int next = -1;
        var workers = Enumerable.Range(0, Math.Min(jobs, hypotheses.Count)).Select(_ => Task.Run(() =>
        {
            for (int k = Interlocked.Increment(ref next); k < order.Length && !cancellation.IsCancellationRequested; k = Interlocked.Increment(ref next))
            {
                int i = order[k];
                results[i] = Hunt(hypotheses[i], arguments(hypotheses[i]), progress, cancellation);
                finished(results[i]!);
            }
        })).ToArray();
        Task.WaitAll(workers);
        return results.Where(r => r is not null).Select(r => r!).ToList();
    }

    static WorkerResult Hunt(Hypothesis h, IReadOnlyList<string> arguments, Action<Hypothesis, string> progress, CancellationToken cancellation)
    {
        using var process = new Process { StartInfo = TrainingProcess.Configure(SelfProcess.StartInfo(arguments)) };
        var stdout = new List<string>();
        var lastErrors = new Queue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) lock (stdout) stdout.Add(line); };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            lock (lastErrors) { lastErrors.Enqueue(line); if (lastErrors.Count > 5) lastErrors.Dequeue(); }
            progress(h, line);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using (cancellation.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } }))
            process.WaitForExit();
        string errors;
        lock (lastErrors) errors = string.Join("\n", lastErrors);
        // 0: nothing refuted; 1: refuted (a result all the same); anything else: no result.
        if (process.ExitCode is 0 or 1 && stdout.Count == 1 && JsonNode.Parse(stdout[0]) is JsonObject json)
            return new WorkerResult(h, json, process.ExitCode, "");
        return new WorkerResult(h, null, process.ExitCode, errors.Length > 0 ? errors : $"the worker exited with code {process.ExitCode} and printed no result");
    }
}
