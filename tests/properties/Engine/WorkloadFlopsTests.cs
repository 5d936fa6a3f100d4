using InterpLoop.Engine.RewardHacking;
using TorchSharp;

namespace InterpLoop.Properties.Engine;

/// <summary>The analytic FLOP count `interploop bench` divides by: pinned by hand at the default size, and linear in what it counts.</summary>
public class WorkloadFlopsTests
{
    [Fact]
    public void The_default_pretraining_is_400_steps_of_256_responses_at_their_emitted_positions_forward_and_backward()
    {
        // d 8, V 11 (8 answers, HACK, FILLER, END), L 6, H 64: input width 8 + 12 + 7 = 27.
        const double forward = 2 * (27 * 64 + 2 * 64 * 64 + 64 * 11);          // 21 248 a position
        const double backward = 2 * 27 * 64 + 8 * 64 * 64 + 4 * 64 * 11;       // 39 040: no gradient into the input
        // Content and END, and 1–4 fillers (2.5 on average) after 95 % of contents at rate 0.2 and 5 % (hacks) at 0.05.
        const double rows = 2 + (0.95 * 0.2 + 0.05 * 0.05) * 2.5;              // 2.48125 of 7 positions
        Assert.Equal(rows, WorkloadFlops.ExpectedDemonstrationRows(new RewardHackingConfig()), 12);
        Assert.Equal(400 * 256 * rows * (forward + backward), WorkloadFlops.Of(new RewardHackingConfig()).Pretrain, 1);
    }

    [Theory]
    [InlineData(6, Evasion.Filler)]
    [InlineData(4, Evasion.Filler)]
    [InlineData(6, Evasion.None)]
    [InlineData(2, Evasion.Filler)]
    [InlineData(1, Evasion.Filler)]
    public void The_expected_rows_are_what_the_demonstrations_emit(int maxTokens, Evasion evasion)
    {
        torch.set_num_threads(RewardHackingScenario.Threads);
        using var scope = torch.NewDisposeScope();
        var c = new RewardHackingConfig { MaxTokens = maxTokens, Evasion = evasion };
        var v = new Vocabulary(c.Answers);
        var g = new torch.Generator(11);
        const int n = 200_000;
        var correct = torch.randint(0, c.Answers, new long[] { n }, generator: g);
        var emitted = Responses.Emitted(ReferencePretraining.Demonstrations(c, v, correct, g), v);
        double mean = emitted.sum().item<long>() / (double)n;
        // The emitted count of one demonstration has a standard deviation below 1.2, so the mean of 200 000 is within 0.01.
        Assert.InRange(mean - WorkloadFlops.ExpectedDemonstrationRows(c), -0.01, 0.01);
    }

    [Fact]
    public void The_default_RL_step_computes_the_rows_the_rollout_makes_and_not_every_response_at_every_position()
    {
        const double forward = 2 * (27 * 64 + 2 * 64 * 64 + 64 * 11), backward = 2 * 27 * 64 + 8 * 64 * 64 + 4 * 64 * 11;
        // Rows at positions 0..6: 32 problems; 32 × 8 first tokens; then 32 × (FILLER or END) at each later position.
        const double scored = 32 + 256 + 4 * 64, all = scored + 64, psi = 256 * 6 * 2 * 64;
        var w = WorkloadFlops.Of(new RewardHackingConfig());
        Assert.Equal(200 * (all * forward + scored * (backward + forward) + psi), w.Rl);
        Assert.Equal(200 * (256 * 6 * forward + 256 * 7 * (2 * forward + backward) + psi), w.RlEveryRow);
        Assert.InRange(w.Rl / w.RlEveryRow, 0.25, 0.26);   // 9.18 against 35.79 GFLOP a run
    }

    [Fact]
    public void Each_phase_grows_with_its_own_knob_and_no_other()
    {
        var c = new RewardHackingConfig();
        var w = WorkloadFlops.Of(c);
        var longer = WorkloadFlops.Of(c with { Steps = 2 * c.Steps });
        Assert.Equal(2 * w.Rl, longer.Rl, tolerance: 1e-9 * w.Rl);
        Assert.Equal((w.Pretrain, w.Probe, w.Eval), (longer.Pretrain, longer.Probe, longer.Eval));
        var morePretraining = WorkloadFlops.Of(c with { ReferenceSteps = 3 * c.ReferenceSteps });
        Assert.Equal(3 * w.Pretrain, morePretraining.Pretrain, tolerance: 1e-9 * w.Pretrain);
        Assert.Equal((w.Probe, w.Rl, w.Eval), (morePretraining.Probe, morePretraining.Rl, morePretraining.Eval));
        Assert.True(WorkloadFlops.Of(c with { Hidden = 128 }).Total > 3 * w.Total, "the count is dominated by H² products");
        Assert.Equal(w.Pretrain + w.Probe + w.Rl + w.Eval, w.Total);
    }
}
