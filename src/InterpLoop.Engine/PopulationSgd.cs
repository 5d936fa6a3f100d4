using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine;

/// <summary>
/// <see cref="SgdOptimizer"/> over stacked parameters [P, …]: member p moves with its own learning rate, and only
/// while it is active. When every member is active and shares one rate, a step is one in-place update per tensor;
/// otherwise it updates member by member, each with the op its solo run uses, so the arithmetic is the same.
/// </summary>
internal sealed class PopulationSgd : GradientOptimizer
{
    readonly Tensor[] velocity;
    readonly Scalar momentum;
    readonly Scalar[] steps;
    readonly bool uniform;

    public PopulationSgd(IEnumerable<Tensor> parameters, IReadOnlyList<double> learningRates, double momentum = 0.9) : base(parameters)
    {
        velocity = Parameters.Select(p => zeros_like(p)).ToArray();
        this.momentum = momentum;
        steps = learningRates.Select(lr => (Scalar)(-lr)).ToArray();
        uniform = learningRates.All(lr => lr == learningRates[0]);
    }

    /// <summary>Each member's global L2 gradient norm (NaN or ∞ when not finite): [P] as doubles.</summary>
    public double[] GradNorms()
    {
        using var scope = NewDisposeScope();
        var total = new double[steps.Length];
        foreach (var p in Parameters)
        {
            if (p.grad is not { } g) continue;
            var perMember = g.square().flatten(1).sum(1).data<float>().ToArray();   // [P]
            for (int m = 0; m < total.Length; m++) total[m] += perMember[m];
        }
        return total.Select(Math.Sqrt).ToArray();
    }

    public override void Step() => Step(Enumerable.Repeat(true, steps.Length).ToArray());

    public void Step(IReadOnlyList<bool> active)
    {
        using var _ = no_grad();
        bool all = active.All(a => a);
        for (int i = 0; i < Parameters.Length; i++)
        {
            if (Parameters[i].grad is not { } g) continue;
            if (all && uniform)
            {
                velocity[i].mul_(momentum).add_(g);
                Parameters[i].add_(velocity[i], alpha: steps[0]);
                continue;
            }
            for (int m = 0; m < active.Count; m++)
            {
                if (!active[m]) continue;
                using var scope = NewDisposeScope();
                var vm = velocity[i][m];
                vm.mul_(momentum).add_(g[m]);
                Parameters[i][m].add_(vm, alpha: steps[m]);
            }
        }
    }
}
