using System.Text;
using InterpLoop.Engine;
using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>
/// The verdict table of a hunt over several hypotheses, on the console and as a markdown report: one row per
/// hypothesis with its verdict, shrunk example, reproduction, runs, and the status it supports against the one recorded.
/// </summary>
internal static class HuntSummary
{
    public static void Print(IReadOnlyList<HuntedHypothesis> hunted, TimeSpan elapsed, IAnsiConsole console)
    {
        var table = new Table().Title("verdicts").AddColumn("hypothesis").AddColumn("verdict").AddColumn("counterexample / witness (shrunk)")
            .AddColumn("reproduced").AddColumn("runs").AddColumn("status");
        foreach (var h in hunted)
        {
            string colour = h.Verdict switch { "refuted" => "red", "witnessed" => "green", "fragile" => "yellow", _ => "blue" };
            string status = h.SupportedStatus is not { } supported ? Markup.Escape($"{h.RecordedStatus} (fragile: keep)")
                : supported == h.RecordedStatus ? Markup.Escape(supported)
                : h.ContradictsRecord ? $"[red]{Markup.Escape(h.RecordedStatus)} → {Markup.Escape(supported)}[/]"
                : $"{Markup.Escape(h.RecordedStatus)} → {Markup.Escape(supported)}";
            table.AddRow(Markup.Escape(h.Hypothesis.Name), $"[{colour}]{h.Verdict}[/]", Markup.Escape(h.Example ?? "–"),
                Markup.Escape(h.Reproduction ?? "–"), $"{h.Runs} ({h.RunsFromStore} stored)", status);
        }
        console.Write(table);
        int runs = hunted.Sum(h => h.Runs), stored = hunted.Sum(h => h.RunsFromStore);
        console.MarkupLine(Markup.Escape($"{hunted.Count} hypotheses, {runs} runs ({stored} from the run store, {runs - stored} trained) in {elapsed:hh\\:mm\\:ss}"));
        var contradicted = hunted.Where(h => h.ContradictsRecord).ToList();
        if (contradicted.Count > 0)
            console.MarkupLine($"[red]{contradicted.Count} verdict(s) contradict the recorded status:[/] " + Markup.Escape(string.Join(", ", contradicted.Select(h => h.Hypothesis.Name))));
    }

    /// <summary>The report: a function of the hunts' results only (no clock, no store counts), so a repeated hunt over the run store rewrites it unchanged.</summary>
    public static string Markdown(IReadOnlyList<HuntedHypothesis> hunted, string command)
    {
        var s = new StringBuilder();
        s.Append("# InterpLoop hunt report\n\n");
        s.Append($"Engine {EngineVersion.Current}. Made by `{command}`; each hypothesis' own command is in its section and replays it.\n\n");
        s.Append("| hypothesis | source | claim | verdict | shrunk counterexample / witness | reproduced on fresh seeds | runs | recorded status | status the hunt supports |\n");
        s.Append("|---|---|---|---|---|---|---|---|---|\n");
        foreach (var h in hunted)
            s.Append($"| `{h.Hypothesis.Name}` | {Cell(h.Hypothesis.Cite)} | `{Cell(OneLine(h.Hypothesis.ClaimText))}` | **{h.Verdict}** | {Cell(h.Example ?? "–")} | {Cell(h.Reproduction ?? "–")} | {h.Runs} of {h.Budget} | `{Cell(h.RecordedStatus)}` | {(h.SupportedStatus is { } st ? $"`{Cell(st)}`" : "none (fragile)")} |\n");
        foreach (var h in hunted)
        {
            s.Append($"\n## {h.Hypothesis.Name}\n\n");
            s.Append($"- spec: `{h.Hypothesis.SpecPath}`\n- claim: `{OneLine(h.Hypothesis.ClaimText)}`\n- verdict: **{h.Verdict}** after {h.Runs} of {h.Budget} runs\n");
            if (h.Example is { } e) s.Append($"- shrunk: {e}; reproduced on {h.Reproduction}\n");
            if (h.Finding is { } f) s.Append($"- finding: `{f}` (replay: `interploop replay {f}`)\n");
            s.Append($"- command: `{(string)h.Result["command"]!}`\n");
        }
        return s.ToString();
    }

    static string OneLine(string text) => string.Join(" ", text.Split(new[] { '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));

    static string Cell(string text) => text.Replace("|", "\\|");
}
