using System.CommandLine;
using InterpLoop.Hunt;

namespace InterpLoop.Cli;

/// <summary>The options of `interploop hunt`, shared with the main job (the root command), which hunts the library with them.</summary>
internal sealed class HuntArguments
{
    public sealed record Values(string? Only, int? Budget, HuntStrategy Strategy, ulong Seed, string? Store, bool NoStore,
        string Findings, bool Json, int Jobs, string? Report, bool RecordStatus, BackendArguments.Values Backend, bool NoReplay = false);

    readonly Option<string?> hypothesis = new("--hypothesis") { Description = "Hunt only this hypothesis (default: every hypothesis of the files)" };
    readonly Option<int?> budget = new("--budget") { Description = $"Training runs per hypothesis, shrinking and reproduction included (default: the spec's budget, else {HuntOptions.DefaultBudget})" };
    readonly Option<string> strategy = new("--strategy") { Description = "random (FsCheck samples) or targeted (margin-steered simulated annealing)", DefaultValueFactory = _ => "targeted" };
    readonly Option<ulong> seed = new("--seed") { Description = "Seed of the search (training seeds are 0 .. trials-1, then fresh ones)", DefaultValueFactory = _ => 0 };
    readonly Option<string?> store = new("--store") { Description = $"Run store file; default {RunStore.DefaultPath} under the current folder" };
    readonly Option<bool> noStore = new("--no-store") { Description = "Train every run afresh, neither reading nor writing the run store (an interrupted hunt then starts over)" };
    readonly Option<string> findings = new("--findings") { Description = "Folder to write findings to", DefaultValueFactory = _ => "findings" };
    readonly Option<bool> json = new("--json") { Description = "Print one JSON object per hypothesis (one per line) and nothing else on stdout" };
    readonly Option<bool> recordStatus = new("--record-status") { Description = "Write each verdict into its spec file as the hypothesis' status (refuted by / witnessed by the finding, holds, unwitnessed); fragile results are left as they are" };
    readonly Option<bool> noReplay = new("--no-replay") { Description = "Do not judge the configuration of the finding a hypothesis' status names before searching (a blind hunt)" };
    readonly Option<int> jobs;
    BackendArguments backend = null!;
    readonly Option<string?> report;

    HuntArguments(int defaultJobs, string? defaultReport)
    {
        strategy.AcceptOnlyFromAmong("random", "targeted");
        jobs = new Option<int>("--jobs") { Description = "Hypotheses hunted at once, each in a worker process (a run uses one core)", DefaultValueFactory = _ => defaultJobs };
        report = new Option<string?>("--report") { Description = "Write the verdict table and every hypothesis' result as a markdown report to this file", DefaultValueFactory = _ => defaultReport };
    }

    public static HuntArguments AddTo(Command command, int defaultJobs = 1, string? defaultReport = null)
    {
        var a = new HuntArguments(defaultJobs, defaultReport);
        foreach (var o in new Option[] { a.hypothesis, a.budget, a.strategy, a.seed, a.store, a.noStore, a.findings, a.json, a.jobs, a.report, a.recordStatus, a.noReplay })
            command.Options.Add(o);
        a.backend = BackendArguments.AddTo(command);
        return a;
    }

    public Values Read(ParseResult parse) => new(parse.GetValue(hypothesis), parse.GetValue(budget),
        parse.GetValue(strategy) == "random" ? HuntStrategy.Random : HuntStrategy.Targeted, parse.GetValue(seed),
        parse.GetValue(store), parse.GetValue(noStore), parse.GetValue(findings)!, parse.GetValue(json), parse.GetValue(jobs), parse.GetValue(report),
        parse.GetValue(recordStatus), backend.Read(parse), parse.GetValue(noReplay));
}
