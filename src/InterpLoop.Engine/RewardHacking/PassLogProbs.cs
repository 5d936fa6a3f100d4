using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The log-probabilities of the next token at rows [0, R) of a <see cref="PolicyPass"/>: log softmax of each row's
/// logits plus its mask (<see cref="RowSoftmax"/>), [P, R, V]. Made for training, they are an autograd leaf: a loss
/// built on them is taken backward by autograd as far as here, and <see cref="LogitGradient"/> takes its gradient
/// through the softmax to the logits, for <see cref="PolicyPass.Backpropagate(IReadOnlyList{Tensor}, Tensor?, Tensor?, Tensor?, int?)"/>.
/// </summary>
internal sealed class PassLogProbs
{
    PassLogProbs(Tensor values) => Values = values;

    /// <summary>[P, R, V]; an autograd leaf when made for training.</summary>
    public Tensor Values { get; }

    /// <summary>
    /// The log-probabilities of rows [0, <paramref name="rows"/>) of every member; <paramref name="mask"/>: [rows, V], the
    /// same for every member. <paramref name="training"/>: whether they take gradients.
    /// </summary>
    public static PassLogProbs Of(PolicyPass pass, int rows, ReadOnlySpan<float> mask, bool training)
    {
        int P = pass.Members, V = pass.Vocabulary;
        if (mask.Length != rows * V) throw new ArgumentException($"a mask of {mask.Length} entries for {rows} rows of {V}", nameof(mask));
        var values = empty(P, rows, V);
        var output = HostTensors.Write<float>(values);
        for (int p = 0; p < P; p++)
            RowSoftmax.LogSoftmax(pass.PaddedLogitRows(p, 0, rows), pass.LogitStride, mask, V, output.Slice(p * rows * V, rows * V), V);
        return new PassLogProbs(training ? values.requires_grad_() : values);
    }

    /// <summary>The gradient a loss taken backward left on <see cref="Values"/>, through the softmax: [P, R, V] (zeros where none reached).</summary>
    public Tensor LogitGradient()
    {
        using var _ = no_grad();
        if (Values.grad is not { } g) return zeros_like(Values);
        var upstream = g.contiguous();
        var values = Values.detach();
        var result = empty_like(values);
        RowSoftmax.LogSoftmaxBackward(HostTensors.Read<float>(upstream), HostTensors.Read<float>(values), HostTensors.Write<float>(result), (int)values.shape[2]);
        GC.KeepAlive(upstream);
        GC.KeepAlive(values);
        return result;
    }
}
