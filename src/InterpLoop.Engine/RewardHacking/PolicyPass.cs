using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// P policy networks of one shape (a population, or one network as P = 1) run on rows of inputs, forward and backward
/// by hand. The forward pass keeps every row's activations in [P, T, ·] buffers; rows can be computed a range at a
/// time (an RL step computes a position's rows once the tokens before it are drawn). Autograd takes a loss only as far
/// as the pass's outputs (or their log-probabilities, <see cref="PassLogProbs"/>), which it sees as leaves, and
/// <see cref="Backpropagate(IReadOnlyList{Tensor}, Tensor?, Tensor?, Tensor?, int?)"/> takes their gradients through the
/// networks to the parameters for all rows at once: each weight's gradient one product over every row, where autograd
/// through one graph per position summed one product per position.
/// <para>
/// The products are MKL's, through ATen's bmm; a bias or an incoming gradient is the product's initial value
/// (fl(c + a·b), no separate add and no zeroing of the output), and a member's slice of each batched product is its own
/// product, so a member's numbers do not depend on the others. The element-wise work is <see cref="ResidualKernels"/>,
/// one pass each way. A block is h + tanh(h·W + b) with <see cref="FloatTanh"/>. The read-out pads its columns with
/// zeros to a multiple of 16 and drops the padding's logits: MKL computes a product only 11 columns wide (the default
/// vocabulary) on a slow path, [1792, 64] × [64, 11] in 210–300 µs against 53–61 µs at 16 columns, and its weight
/// gradient likewise (a microbenchmark, engine 0.7.0); the padding's columns receive no gradient.
/// </para>
/// </summary>
internal sealed class PolicyPass
{
    const int ReadoutMultiple = 16;

    readonly Tensor[] parameters;                    // W0 [P, F, H]; W1 [P, H, H], b1 [P, H]; W2, b2; W3 [P, H, V], b3 [P, V]
    readonly Tensor inputs;                          // [P, T, F]
    readonly Tensor h0, t1, h1, t2, h2;              // [P, T, H]: the embedding, each block's tanh and its residual stream
    readonly Tensor paddedLogits;                    // [P, T, V']
    readonly Tensor readoutWeight, readoutBias;      // [P, H, V'], [P, 1, V']: the read-out padded with zeros
    readonly int members, rows, hidden, vocabulary, padded;
    Tensor? logitLeaf, hidden1Leaf, hidden2Leaf;

    PolicyPass(Tensor[] parameters, Tensor inputs)
    {
        if (parameters.Length != 7 || inputs.dim() != 3 || parameters.Any(p => p.shape[0] != inputs.shape[0]))
            throw new ArgumentException("a pass takes the seven stacked parameters [P, …] of one shape and inputs [P, T, F]");
        this.parameters = parameters;
        this.inputs = inputs;
        (members, rows, hidden, vocabulary) = ((int)inputs.shape[0], (int)inputs.shape[1], (int)parameters[0].shape[2], (int)parameters[5].shape[2]);
        padded = (vocabulary + ReadoutMultiple - 1) / ReadoutMultiple * ReadoutMultiple;
        using (no_grad())
        {
            h0 = empty(members, rows, hidden);
            t1 = empty(members, rows, hidden);
            h1 = empty(members, rows, hidden);
            t2 = empty(members, rows, hidden);
            h2 = empty(members, rows, hidden);
            paddedLogits = empty(members, rows, padded);
            var weight = parameters[5].detach();
            var bias = parameters[6].detach();
            readoutWeight = padded == vocabulary ? weight : cat(new[] { weight, zeros(members, hidden, padded - vocabulary) }, 2);
            readoutBias = (padded == vocabulary ? bias : cat(new[] { bias, zeros(members, padded - vocabulary) }, 1)).unsqueeze(1);
        }
    }

    /// <summary>A pass over <paramref name="inputs"/> ([P, T, F]; it may be a view) whose rows are not computed yet.</summary>
    public static PolicyPass Begin(Tensor[] parameters, Tensor inputs) => new(parameters, inputs);

    /// <summary>A pass with every row computed.</summary>
    public static PolicyPass Run(Tensor[] parameters, Tensor inputs)
    {
        var pass = Begin(parameters, inputs);
        pass.Compute(0, (int)inputs.shape[1]);
        return pass;
    }

    public int Members => members;
    public int Rows => rows;
    public int Vocabulary => vocabulary;

    /// <summary>The distance between rows of <see cref="PaddedLogitRows"/>: the read-out's padded width.</summary>
    public int LogitStride => padded;

    /// <summary>Member p's logits at rows [offset, offset + count), in place: rows of <see cref="LogitStride"/>, the first V of each the logits.</summary>
    public ReadOnlySpan<float> PaddedLogitRows(int p, int offset, int count) =>
        Floats(paddedLogits).Slice((p * rows + offset) * padded, (count - 1) * padded + vocabulary);

    /// <summary>Each row's logits: [P, T, V] (a view of the padded buffer).</summary>
    public Tensor Logits => paddedLogits.narrow(2, 0, vocabulary);
    /// <summary>The residual stream after each block: [P, T, H].</summary>
    public Tensor Hidden1 => h1;
    public Tensor Hidden2 => h2;

    /// <summary>Computes rows [offset, offset + count) of every member from the same rows of the inputs.</summary>
    public void Compute(int offset, int count)
    {
        if (offset < 0 || count < 1 || offset + count > rows) throw new ArgumentOutOfRangeException(nameof(count), $"rows {offset}..{offset + count} of {rows}");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var w = parameters.Select(p => p.detach()).ToArray();
        var x = inputs.narrow(1, offset, count);                                                // [P, c, F]
        var embedded = x.bmm(w[0]);                                                             // [P, c, H]
        Copy(embedded, h0, offset);
        Block(embedded, embedded, count * hidden, 0, w[1], w[2], t1, h1, offset, count);
        Block(h1.narrow(1, offset, count), h1, rows * hidden, offset * hidden, w[3], w[4], t2, h2, offset, count);
        Copy(AddProduct(readoutBias, h2.narrow(1, offset, count), readoutWeight), paddedLogits, offset);   // [P, c, V']
    }

    /// <summary>
    /// The outputs as autograd leaves (views of the buffers, detached), made once: [P, T, V] logits and [P, T, H]
    /// streams. A loss built on them and taken backward leaves its gradients in their .grad, which
    /// <see cref="Backpropagate"/> reads.
    /// </summary>
    public (Tensor Logits, Tensor Hidden1, Tensor Hidden2) Leaves()
    {
        logitLeaf ??= Logits.detach().requires_grad_();
        hidden1Leaf ??= h1.detach().requires_grad_();
        hidden2Leaf ??= h2.detach().requires_grad_();
        return (logitLeaf, hidden1Leaf, hidden2Leaf);
    }

    /// <summary>
    /// Adds to each parameter's gradient (setting it if there is none) the gradient <see cref="Leaves"/> received, through
    /// rows [0, <paramref name="through"/>) (default all); leaves nothing reached count as zero.
    /// </summary>
    public void Backpropagate(IReadOnlyList<Tensor> target, int? through = null)
    {
        if (logitLeaf is null) throw new InvalidOperationException("a pass backpropagates what its leaves received: take Leaves() before the loss");
        Backpropagate(target, logitLeaf.grad, hidden1Leaf!.grad, hidden2Leaf!.grad, through);
    }

    /// <summary>
    /// Adds to each parameter's gradient (setting it if there is none) the gradient that incoming gradients on the
    /// logits ([P, n, V]) and the two streams ([P, n, H]), rows [0, n), give it; any may be null (zero). A caller whose
    /// loss reads no row past some point passes it as <paramref name="through"/> (default all rows) and spares the rest.
    /// <paramref name="target"/>: the parameters as the caller holds them ([P, …], or one network's own shapes when P = 1).
    /// </summary>
    public void Backpropagate(IReadOnlyList<Tensor> target, Tensor? logits, Tensor? hidden1, Tensor? hidden2, int? through = null)
    {
        using var _ = no_grad();
        var gradients = Gradients(logits, hidden1, hidden2, through ?? rows);
        for (int i = 0; i < gradients.Length; i++)
        {
            var g = gradients[i].view(target[i].shape);
            if (target[i].grad is { } existing) existing.add_(g);
            else target[i].grad = g.detach().clone();
        }
    }

    /// <summary>
    /// The parameters' gradients, [P, …] each, for incoming gradients on rows [0, n) of the logits ([P, R, V], rows past R
    /// zero) and the two streams ([P, ≥ n, H]); any may be null (zero).
    /// </summary>
    internal Tensor[] Gradients(Tensor? logits, Tensor? hidden1, Tensor? hidden2, int n)
    {
        if (n < 1 || n > rows) throw new ArgumentOutOfRangeException(nameof(n), $"{n} rows of {rows}");
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var w = parameters.Select(p => p.detach()).ToArray();
        Tensor Rows(Tensor t) => t.narrow(1, 0, n);

        // 1. The read-out: its padded columns receive zeros.
        var gLogits = zeros(members, n, padded);                                                // [P, n, V']
        if (logits is not null)
        {
            long given = Math.Min(n, logits.shape[1]);                                          // rows past a shorter gradient receive zero
            gLogits.narrow(1, 0, given).narrow(2, 0, vocabulary).copy_(logits.narrow(1, 0, given));
        }
        var gReadout = Rows(h2).transpose(1, 2).bmm(gLogits);                                    // [P, H, V']
        var gReadoutBias = ColumnSums(gLogits);                                                  // [P, V']
        var gH2 = hidden2 is null ? gLogits.bmm(readoutWeight.transpose(1, 2))
                                  : AddProduct(Rows(hidden2), gLogits, readoutWeight.transpose(1, 2));   // [P, n, H]

        // 2. Block 2, then block 1: ∂z through the tanh, W's and b's gradients, and the stream's gradient below it.
        var gZ2 = TanhBackward(gH2, t2, n);                                                     // [P, n, H]
        var gW2 = Rows(h1).transpose(1, 2).bmm(gZ2);                                             // [P, H, H]
        var gb2 = ColumnSums(gZ2);                                                               // [P, H]
        if (hidden1 is not null) gH2.add_(Rows(hidden1));
        var gH1 = AddProduct(gH2, gZ2, w[3].transpose(1, 2));                                    // [P, n, H]
        var gZ1 = TanhBackward(gH1, t1, n);
        var gW1 = Rows(h0).transpose(1, 2).bmm(gZ1);
        var gb1 = ColumnSums(gZ1);
        var gH0 = AddProduct(gH1, gZ1, w[1].transpose(1, 2));                                    // [P, n, H]

        // 3. The embedding (inputs take no gradient).
        var gW0 = Rows(inputs).transpose(1, 2).bmm(gH0);                                         // [P, F, H]
        var result = new[]
        {
            gW0, gW1, gb1, gW2, gb2,
            gReadout.narrow(2, 0, vocabulary).contiguous(), gReadoutBias.narrow(1, 0, vocabulary).contiguous(),
        };
        foreach (var g in result) g.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>input + a·b for batched a [P, m, k] and b [P, k, n], input broadcast to [P, m, n]: MKL starts from input.</summary>
    // TorchSharp 0.107's baddbmm takes its arguments rotated (tooling.md): the instance form a.baddbmm(b, input) is this.
    internal static Tensor AddProduct(Tensor input, Tensor a, Tensor b) => a.baddbmm(b, input);

    /// <summary>
    /// One block on rows [offset, offset + count): z = b + h·W, then t and h + t into the buffers. h: the rows as a tensor
    /// [P, c, H] for the product, and where they lie in <paramref name="source"/> (member p's at p·stride + start).
    /// </summary>
    void Block(Tensor h, Tensor source, int stride, int start, Tensor weight, Tensor bias, Tensor tBuffer, Tensor output, int offset, int count)
    {
        var z = AddProduct(bias.unsqueeze(1), h, weight);                                        // [P, c, H]
        var hs = Floats(source);
        var zs = Floats(z);
        var ts = Floats(tBuffer);
        var os = Floats(output);
        int span = count * hidden;
        for (int p = 0; p < members; p++)
        {
            int at = (p * rows + offset) * hidden;
            ResidualKernels.Forward(hs.Slice(p * stride + start, span), zs.Slice(p * span, span), ts.Slice(at, span), os.Slice(at, span));
        }
        GC.KeepAlive(z);
    }

    /// <summary>∂z = ∂h · (1 − t²) on rows [0, n) of every member: [P, n, H].</summary>
    Tensor TanhBackward(Tensor gradient, Tensor t, int n)
    {
        var result = empty(members, n, hidden);
        var gs = Floats(gradient);
        var ts = Floats(t);
        var rs = Floats(result);
        int span = n * hidden;
        for (int p = 0; p < members; p++)
            ResidualKernels.Backward(gs.Slice(p * span, span), ts.Slice(p * rows * hidden, span), rs.Slice(p * span, span));
        GC.KeepAlive(gradient);
        return result;
    }

    /// <summary>Each member's column sums of g [P, n, W]: [P, W].</summary>
    static Tensor ColumnSums(Tensor g)
    {
        int P = (int)g.shape[0], n = (int)g.shape[1], width = (int)g.shape[2];
        var result = empty(P, width);
        var gs = Floats(g);
        var rs = Floats(result);
        var sums = new double[width];
        for (int p = 0; p < P; p++)
        {
            Array.Clear(sums);
            ResidualKernels.AccumulateColumns(gs.Slice(p * n * width, n * width), width, sums);
            ResidualKernels.Round(sums, rs.Slice(p * width, width));
        }
        GC.KeepAlive(g);
        return result;
    }

    /// <summary>Copies source [P, c, W] into rows [offset, offset + c) of buffer [P, T, W].</summary>
    void Copy(Tensor source, Tensor buffer, int offset)
    {
        var s = source.is_contiguous() ? source : source.contiguous();
        int c = (int)s.shape[1], width = (int)s.shape[2];
        var from = Floats(s);
        var to = Floats(buffer);
        for (int p = 0; p < members; p++)
            from.Slice(p * c * width, c * width).CopyTo(to.Slice((p * rows + offset) * width, c * width));
        GC.KeepAlive(s);
    }

    static Span<float> Floats(Tensor t) =>
        t.is_contiguous() && t.dtype == ScalarType.Float32 ? MemoryMarshal.Cast<byte, float>(t.bytes)
        : throw new ArgumentException("the pass reads and writes contiguous float32 tensors in place");
}
