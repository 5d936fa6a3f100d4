using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using InterpLoop.Hunt;
using InterpLoop.Properties.Hunt;
using InterpLoop.Properties.Slurm;

namespace InterpLoop.Properties.Cli;

/// <summary>
/// `--backend slurm` against the real single-node cluster of tests/slurm/cluster.sh, with the real `interploop worker`
/// as each array task: an atlas equals the local backend's byte for byte, and a hunt one of whose tasks is cancelled
/// mid-run ends as the local hunt does, with every run trained once.
/// </summary>
[Collection(nameof(SlurmCollection))]
public class SlurmBackendTests
{
    /// <summary>Small runs (about a second each) over a region the atlas and the hunt share.</summary>
    static string Spec(string claim, int steps = 20) => $$"""
        hypothesis t.slurm
          scenario reward_hacking { steps = {{steps}}  reference.steps = 100  eval.problems = 128  model.hidden = 16 }
          vary { penalty.weight in 0 .. 10   kl.beta in 1e-4 .. 1 log }
          trials 3
          budget 12
          claim {{claim}}

        """;

    static string Folder(TempFolder temp, string name, string spec)
    {
        var folder = Directory.CreateDirectory(temp.File(name)).FullName;
        File.WriteAllText(Path.Combine(folder, "spec.ilspec"), spec);
        return folder;
    }

    static string[] In(string folder, params string[] args) => args.Select(a => a.Replace("{}", folder)).ToArray();

    [SlurmFact]
    public void An_atlas_on_the_slurm_backend_writes_the_atlas_json_of_the_local_backend()
    {
        using var temp = new TempFolder();
        var spec = Spec("always hack_rate <= 1");
        string local = Folder(temp, "local", spec), slurm = Folder(temp, "slurm", spec);
        string[] atlas = { "atlas", "{}/spec.ilspec", "--x", "kl.beta", "--y", "penalty.weight", "--grid", "2", "--seeds", "2", "--out", "{}/out", "--store", "{}/runs.db" };

        var l = CliProcess.Invoke(In(local, atlas));
        var s = CliProcess.Invoke(In(slurm, [.. atlas, "--backend", "slurm", "--array-size", "2", "--slurm-dir", "{}/slurm"]));
        Assert.True(l.Exit == 0, l.Err);
        Assert.True(s.Exit == 0, s.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(local, "out", "atlas.json")).Replace(local, "{}"),
            File.ReadAllText(Path.Combine(slurm, "out", "atlas.json")).Replace(slurm, "{}"));
        Assert.Contains("runs: 8 (0 from the run store, 8 trained)", s.Out);
        Assert.Matches(@"slurm job \d+: 2 task\(s\): 0 pending, 0 running, 2 done · 8/8 runs", s.Err); // progress, not silence
        using var store = RunStore.Open(Path.Combine(slurm, "runs.db"));
        Assert.Equal(8, store.Count);
    }

    [SlurmFact]
    public void A_hunt_with_a_task_cancelled_mid_run_ends_as_the_local_hunt_and_trains_every_run_once()
    {
        using var temp = new TempFolder();
        // Paired, holding everywhere: the first configuration's first batch is seeds 0 and 1 × sides A and B, 4 runs in 2 tasks.
        // The cancel must land while task 1 trains its second run: 400 RL steps make that run last about a second (at 20
        // steps engine 0.10.0 took about 0.1 s, and the cancel came too late once in a CI run).
        var spec = Spec("always paired penalty.route = reward vs penalty.route = none: visible_pass_rate[A] >= 0", steps: 400);
        string local = Folder(temp, "local", spec), slurm = Folder(temp, "slurm", spec);
        string[] hunt = { "hunt", "{}/spec.ilspec", "--store", "{}/runs.db", "--findings", "{}/findings", "--json" };
        var l = CliProcess.Invoke(In(local, hunt));
        Assert.True(l.Exit == 0, l.Err);

        var work = Path.Combine(slurm, "slurm");
        var run = Task.Run(() => CliProcess.Invoke(In(slurm, [.. hunt, "--backend", "slurm", "--array-size", "2", "--slurm-dir", work])));
        // Cancel task 1 once it has stored a run and is training its second.
        var clock = Stopwatch.StartNew();
        string? job = null;
        while (job is null)
        {
            Assert.False(run.IsCompleted, $"the hunt ended before a task could be cancelled:\n{(run.IsCompleted ? run.Result.Err : "")}");
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), "task 1 stored no run within 3 minutes");
            Thread.Sleep(50);
            var batch = Directory.Exists(work) ? Directory.GetDirectories(work).FirstOrDefault() : null;
            var shard = batch is null ? null : Path.Combine(batch, "shard-1.db");
            if (shard is null || !File.Exists(shard) || !File.Exists(Path.Combine(batch!, "state.json"))) continue;
            try { if (RunStore.CountIn(shard) < 1) continue; }
            catch (RunStoreException) { continue; }
            job = ((JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(batch!, "state.json")))!["jobs"]!)[0]!.GetValue<string>();
        }
        using (var scancel = Process.Start("scancel", $"{job}_1")!) scancel.WaitForExit();
        var s = run.Result;
        Assert.True(s.Exit == 0, s.Err);

        Assert.Equal(l.Out.Replace(local, "{}"), s.Out.Replace(slurm, "{}"));
        Assert.Equal("no_counterexample", (string)JsonNode.Parse(s.Out)!["verdict"]!);
        Assert.Contains("task 1/2 of slurm job", s.Err);
        Assert.Contains("resubmitting it, attempt 2 of 3, keeping its finished runs", s.Err);
        // Every run is trained by exactly one task: what the tasks that finished trained, plus what the retried task found
        // in its shard store, is the store's count, and the retry found the cancelled task's finished run.
        var logs = Directory.GetFiles(Directory.GetDirectories(work).Single(), "task-*.out").Select(File.ReadAllText).ToList();
        var closing = logs.Select(text => Regex.Match(text, @"(\d+) runs \((\d+) already in .*, (\d+) trained\)")).Where(m => m.Success).ToList();
        using var store = RunStore.Open(Path.Combine(slurm, "runs.db"));
        Assert.Equal(4, store.Count);
        Assert.Equal(store.Count, closing.Sum(m => int.Parse(m.Groups[2].Value) + int.Parse(m.Groups[3].Value)));
        Assert.Contains(closing, m => int.Parse(m.Groups[2].Value) >= 1);
    }

    [Fact]
    public void Without_the_slurm_commands_the_backend_gives_one_clear_error_and_no_stack_trace()
    {
        using var temp = new TempFolder();
        string folder = Folder(temp, "none", Spec("always hack_rate <= 1"));
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", temp.Path);
        (int Exit, string Out, string Err) r;
        try { r = CliProcess.Invoke(In(folder, "hunt", "{}/spec.ilspec", "--store", "{}/runs.db", "--backend", "slurm", "--slurm-dir", "{}/slurm")); }
        finally { Environment.SetEnvironmentVariable("PATH", path); }
        Assert.Equal(1, r.Exit);
        var error = Assert.Single(r.Err.Split('\n'), line => line.StartsWith("error:"));
        Assert.Matches("error: (squeue|sbatch) was not found on PATH: the Slurm backend needs Slurm's client commands", error);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
