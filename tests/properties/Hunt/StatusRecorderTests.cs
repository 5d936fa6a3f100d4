using InterpLoop.Hunt;
using InterpLoop.Spec;
using InterpLoop.Spec.Catalog;
using InterpLoop.Spec.Checking;

namespace InterpLoop.Properties.Hunt;

/// <summary>StatusRecorder edits only the status (and, where a lock needs one, the budget) and leaves a spec that checks clean.</summary>
public class StatusRecorderTests
{
    static readonly SpecCheckOptions Options = new(new[] { RewardHackingCatalog.Catalog }, _ => true);

    const string Text = """
        // a comment that must survive
        hypothesis r.with_status
          scenario reward_hacking   // another
          vary { penalty.weight in 0 .. 10 }
          claim always outcome == honest
          status unknown            // trailing comment

        hypothesis r.without_status
          scenario reward_hacking
          claim sometimes outcome == blatant
        """;

    static string Record(string text, string name, string status, int budget = 12)
    {
        var syntax = SpecAnalysis.Analyze("s.ilspec", text, Options).File.Hypotheses.Single(h => h.Name == name);
        return StatusRecorder.Record(text, syntax, status, budget);
    }

    static void AssertClean(string text)
    {
        var diagnostics = SpecAnalysis.Analyze("s.ilspec", text, Options).Diagnostics;
        Assert.True(diagnostics.All(d => !d.IsError), string.Join("\n", diagnostics));
    }

    [Fact]
    public void An_existing_status_is_replaced_in_place()
    {
        var after = Record(Text, "r.with_status", "refuted by \"findings/r.json\"");
        Assert.Equal(Text.Replace("status unknown  ", "status refuted by \"findings/r.json\"  "), after);
        AssertClean(after);
    }

    [Fact]
    public void A_missing_status_is_added_after_the_last_clause()
    {
        var after = Record(Text, "r.without_status", "witnessed by \"findings/w.json\"");
        Assert.EndsWith("claim sometimes outcome == blatant\n  status witnessed by \"findings/w.json\"", after);
        AssertClean(after);
    }

    [Fact]
    public void A_status_resting_on_a_budget_brings_the_hunts_budget_when_the_spec_has_none()
    {
        var after = Record(Text, "r.with_status", "holds", budget: 18);
        Assert.Contains("  budget 18\n  status holds            // trailing comment", after);
        AssertClean(after);
        var again = Record(after, "r.with_status", "holds", budget: 30);
        Assert.Equal(after, again); // the budget the spec now states is kept
    }
}
