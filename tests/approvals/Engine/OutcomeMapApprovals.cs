using InterpLoop.Engine.RewardHacking;
using Outcome = InterpLoop.Engine.Outcome;

namespace InterpLoop.Approvals.Engine;

/// <summary>
/// Pins, per seed, the outcome of the configurations where the literature says each non-degenerate outcome
/// should appear (<see cref="RewardHackingLandmarks"/>), at the default scenario size. An engine change
/// that moves any of them fails here with a readable diff.
/// </summary>
public class OutcomeMapApprovals
{
    [Fact]
    public void The_four_outcomes_appear_where_the_literature_says()
    {
        var landmarks = RewardHackingLandmarks.All;
        var table = new RunTable(landmarks.Select(l => new RunTable.Row($"expect {l.Expect} ({l.Source})", l.Sets)).ToArray(), RewardHackingLandmarks.Seeds);
        ApprovalTests.Approvals.Verify(table.Render());

        // Beyond the pinned text, the claims themselves.
        for (int k = 0; k < landmarks.Length; k++)
        {
            int hits = table.Of(k).Count(r => r.Outcome == landmarks[k].Expect);
            Assert.True(hits >= 2, $"{landmarks[k].Expect} appeared in {hits} of {table.Seeds.Count} seeds for {string.Join(" ", landmarks[k].Sets)}");
        }
        // Gradients through a frozen linear probe blind it, but the information survives: a fresh probe of
        // the same family on the final model still separates hacks from honest answers (Atlas; Zvi's worry).
        int activations = Array.FindIndex(landmarks, l => l.Expect == Outcome.ObfuscatedActivations);
        foreach (var r in table.Of(activations))
        {
            Assert.True(r.Metrics["probe.recall_final"] <= 0.1, $"seed {r.Seed}: recall_final {r.Metrics["probe.recall_final"]}");
            Assert.True(r.Metrics["fresh_probe.auroc"] >= 0.8, $"seed {r.Seed}: fresh_probe.auroc {r.Metrics["fresh_probe.auroc"]}");
        }
    }
}
