using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// One RL step's responses for every member of a population, drawn position by position in one
/// <see cref="PolicyPass"/> that keeps every row's activations: the pass that drew a token is the pass that scores it,
/// so a step runs the policy once, not a sampling pass and then a teacher-forced one. Each position computes only its
/// distinct rows (<see cref="PositionRows"/>), about a third of the responses' rows at the default sizes, and every
/// response reads its row by index; gradients into a shared row are summed by the index's backward. Autograd takes
/// the loss to the rows (the pass's leaves) and <see cref="Backpropagate"/> the rest of the way, one backward pass over
/// all positions' rows. Members are stacked as in <see cref="PolicyPopulation"/>, each with its own rows, and draw
/// their tokens from their own generators, in the order a population of one draws them. Rows hold positions 0..L−1
/// (logits; the reference reads the same inputs) and 1..L (the activations belonging to tokens y_0..y_{L−1}).
/// </summary>
internal sealed class Rollout
{
    readonly PolicyPass pass;            // every member's rows, positions 0..L
    readonly int logitRows;              // M: positions 0..L−1
    readonly Tensor inputs;              // [P, M, F]: the rows' inputs (the reference reads them)
    readonly float[] maskRows;           // [M, V]: each row's position's mask
    readonly Tensor[] hidden;            // per layer [P, A, H]: positions 1..L, an autograd leaf's rows
    readonly Tensor[] hiddenLeaves;      // per layer [P, T, H]
    readonly Tensor rowIndex;            // [P, N·L]: response i's row at step s, among all members' P·M rows
    readonly Tensor tokenIndex;          // [P, N·L]: that row's entry for the sampled token (row·V + y)
    readonly Tensor activationIndex;     // [P, N·L]: the row of the activations belonging to y_s (position s + 1), among P·A
    readonly int responses;
    PassLogProbs? logProbs;

    Rollout(Tensor tokens, PolicyPass pass, int logitRows, int firstActivationRow, Tensor inputs, float[] maskRows,
        Tensor rowIndex, Tensor tokenIndex, Tensor activationIndex, int responses)
    {
        Tokens = tokens;
        this.pass = pass;
        this.logitRows = logitRows;
        hiddenLeaves = new[] { pass.Hidden1.detach().requires_grad_(), pass.Hidden2.detach().requires_grad_() };
        hidden = hiddenLeaves.Select(h => h.narrow(1, firstActivationRow, h.shape[1] - firstActivationRow)).ToArray();
        this.inputs = inputs;
        this.maskRows = maskRows;
        this.rowIndex = rowIndex;
        this.tokenIndex = tokenIndex;
        this.activationIndex = activationIndex;
        this.responses = responses;
    }

    /// <summary>The sampled responses: [P, N, L] int64; after END every position holds END.</summary>
    public Tensor Tokens { get; }

    /// <summary>
    /// Samples G responses to each of every member's B problems. problems: [P, B, d]; each member's tokens come
    /// from its own generator, one uniform a response a position (<see cref="Responses.Draw"/>), all drawn at the start.
    /// The rows are laid out position after position (0..L), each position's <see cref="PositionRows.MaxRows"/> of
    /// them, in one <see cref="PolicyPass"/>.
    /// </summary>
    public static Rollout Sample(PolicyPopulation policy, Tensor problems, int group, Tensor logitMask, IReadOnlyList<Generator> g,
        RolloutScratch? scratch = null)
    {
        int P = policy.Size, B = (int)problems.shape[1], d = (int)problems.shape[2], N = B * group, L = policy.MaxTokens;
        var v = policy.Vocabulary;
        int width = PolicyNetwork.InputSize(d, v, L);
        scratch ??= new RolloutScratch();
        var hostProblems = problems.contiguous();
        var x = HostTensors.Read<float>(hostProblems);                                            // [P·B·d]
        var possible = Responses.PossibleCounts(logitMask, v);
        var hostMask = logitMask.contiguous();
        var maskAt = HostTensors.Read<float>(hostMask);                                         // [L·V]
        var tokens = scratch.Get<long>("tokens", P * N * L);
        Array.Fill(tokens, v.End);
        var done = scratch.Get<bool>("done", P * N);
        Array.Clear(done);
        var bounds = Enumerable.Range(0, L + 1).Select(s => PositionRows.MaxRows(s, B, group, possible)).ToArray();
        var offsets = new int[L + 2];
        for (int s = 0; s <= L; s++) offsets[s + 1] = offsets[s] + bounds[s];
        int T = offsets[L + 1], M = offsets[L];                                                 // all rows; the rows with logits
        var input = empty(P, T, width);                                                         // [P, T, F]: written position by position
        var inputRows = HostTensors.Write<float>(input);
        var pass = policy.Begin(input);
        var rows = new PositionRows[L + 1][];
        var maskRows = new float[M * v.Size];                                                   // [M, V]: each row's position's mask
        var probabilities = scratch.Get<float>("probabilities", bounds.Max() * v.Size);
        var previous = new long[N];
        // Each member's uniforms for every position at once: a generator's L draws of N are one draw of L·N (ATen fills
        // a uniform tensor serially), so these are the numbers a draw a position gave, at one native call a member.
        var drawn = g.Select(generator => rand(L * N, dtype: ScalarType.Float64, generator: generator)).ToArray();   // P × [L·N]

        for (int s = 0; s <= L; s++)
        {
            // 1. The distinct inputs of every member at this position, then their rows of the networks.
            int bound = bounds[s], offset = offsets[s];
            rows[s] = new PositionRows[P];
            for (int p = 0; p < P; p++)
            {
                for (int i = 0; i < N; i++) previous[i] = s == 0 ? v.Bos : tokens[(p * N + i) * L + s - 1];
                rows[s][p] = PositionRows.Of(previous, group, bound);
                rows[s][p].WriteInputs(inputRows.Slice((p * T + offset) * width, bound * width), x.Slice(p * B * d, B * d), d, s, v, L);
            }
            pass.Compute(offset, bound);
            if (s == L) break;
            for (int r = 0; r < bound; r++) maskAt.Slice(s * v.Size, v.Size).CopyTo(maskRows.AsSpan((offset + r) * v.Size, v.Size));

            // 2. Each member draws its responses' tokens from their rows' distributions, one uniform a response.
            for (int p = 0; p < P; p++)
            {
                var probs = probabilities.AsSpan(0, bound * v.Size);                            // [R·V]: member p's
                RowSoftmax.Softmax(pass.PaddedLogitRows(p, offset, bound), pass.LogitStride, maskAt.Slice(s * v.Size, v.Size), 0, probs, v.Size);
                var uniforms = HostTensors.Read<double>(drawn[p]).Slice(s * N, N);              // [N]: position s's
                var index = rows[s][p].Index;
                for (int i = 0; i < N; i++)
                {
                    int k = p * N + i;
                    long token = done[k] ? v.End : Responses.Draw(probs.Slice((int)(index[i] * v.Size), v.Size), uniforms[i]);
                    tokens[k * L + s] = token;
                    done[k] |= token == v.End;
                }
            }
        }

        GC.KeepAlive(hostProblems);
        GC.KeepAlive(hostMask);
        GC.KeepAlive(drawn);                                                                    // their storage was read in place
        GC.KeepAlive(input);

        // 3. Where each response's steps read their rows, as indices into every member's rows stacked: a member's
        //    rows are [M] logit rows (positions 0..L−1) and [A] activation rows (1..L), the same counts for all.
        int logitRows = M, activationRows = T - bounds[0];
        var rowAt = scratch.Get<long>("rows", P * N * L);
        var tokenAt = scratch.Get<long>("token entries", P * N * L);
        var activationAt = scratch.Get<long>("activation rows", P * N * L);
        for (int p = 0; p < P; p++)
        {
            for (int s = 0; s < L; s++)
            {
                var here = rows[s][p];
                var after = rows[s + 1][p];
                long rowOffset = (long)p * logitRows + offsets[s], activationOffset = (long)p * activationRows + offsets[s + 1] - bounds[0];
                for (int i = 0; i < N; i++)
                {
                    int k = (p * N + i) * L + s;
                    rowAt[k] = rowOffset + here.Index[i];
                    tokenAt[k] = rowAt[k] * v.Size + tokens[k];
                    activationAt[k] = activationOffset + after.Index[i];
                }
            }
        }
        return new Rollout(
            HostTensors.From<long>(tokens, new long[] { P, N, L }), pass, M, bounds[0],
            input.narrow(1, 0, M), maskRows,
            HostTensors.From<long>(rowAt, new long[] { P, N * L }), HostTensors.From<long>(tokenAt, new long[] { P, N * L }),
            HostTensors.From<long>(activationAt, new long[] { P, N * L }),
            N);
    }

    /// <summary>The policy's log-probabilities of the next token at each row, banned tokens masked: [P, M, V], an autograd leaf.</summary>
    public Tensor LogProbs() => (logProbs ??= PassLogProbs.Of(pass, logitRows, maskRows, training: true)).Values;

    /// <summary>The reference's log-probabilities at the same rows: [P, M, V] (no gradient).</summary>
    public Tensor ReferenceLogProbs(PolicyPopulation reference)
    {
        using var _ = no_grad();
        return PassLogProbs.Of(reference.Run(inputs), logitRows, maskRows, training: false).Values;
    }

    /// <summary>
    /// Adds the policy's parameter gradients, from what a loss taken backward left on the rows' log-probabilities and
    /// activations (<see cref="PassLogProbs"/>, <see cref="PolicyPass"/>). Without gradients on the activations (ψ had no
    /// graph) the rows past the logit rows, the last position's, receive nothing, and the backward pass stops before them.
    /// </summary>
    public void Backpropagate(IReadOnlyList<Tensor> parameters)
    {
        var (h1, h2) = (hiddenLeaves[0].grad, hiddenLeaves[1].grad);
        pass.Backpropagate(parameters, logProbs?.LogitGradient(), h1, h2, h1 is null && h2 is null ? logitRows : null);
    }

    /// <summary>log π(y | x) of every member's responses from the rows' log-probabilities ([P, M, V]): [P, N].</summary>
    public Tensor SequenceLogProb(Tensor logProbs, Tensor emitted) =>
        (logProbs.view(-1).index_select(0, tokenIndex.view(-1)).view(emitted.shape) * emitted).sum(2);  // [P·N·L] → [P, N, L] → [P, N]

    /// <summary>Σ_t KL(π ‖ π₀) along every member's responses (<see cref="Responses.SequenceKl"/>), each row's KL computed once: [P, N].</summary>
    public Tensor SequenceKl(Tensor logProbs, Tensor referenceLogProbs, Tensor emitted) =>
        (Responses.StepKl(logProbs, referenceLogProbs).view(-1).index_select(0, rowIndex.view(-1)).view(emitted.shape) * emitted).sum(2); // [P·M] → [P, N, L] → [P, N]

    /// <summary>Every member's activation rows at a hidden layer (1 or 2), positions 1..L, each computed once: [P, A, H].</summary>
    public Tensor ActivationRows(int layer) => hidden[layer - 1];

    /// <summary>
    /// A value on each activation row ([Q, A]: every member's, or those of <paramref name="members"/> [Q] int64 in that
    /// order) read at the member's response tokens y_0..y_{L−1}: [Q, N, L]. A function of the activations computed on
    /// the rows is the same function of the token activations, on a third of the rows at the default sizes.
    /// </summary>
    public Tensor AtTokens(Tensor rowValues, Tensor? members = null)
    {
        var index = activationIndex;                                                           // [P, N·L] into P·A
        if (members is not null)
        {
            long rows = hidden[0].shape[1];
            index = index.index_select(0, members) - ((members - arange(members.shape[0])) * rows).unsqueeze(1);   // [Q, N·L] into Q·A
        }
        return rowValues.reshape(-1).index_select(0, index.view(-1)).view(rowValues.shape[0], responses, -1);
    }

    /// <summary>Member p's activations belonging to its response tokens at a hidden layer (1 or 2): [N, L, H].</summary>
    public Tensor TokenActivations(int p, int layer)
    {
        var h = hidden[layer - 1];                                                             // [P, A, H]
        return h.reshape(-1, h.shape[2]).index_select(0, activationIndex[p]).view(responses, -1, h.shape[2]);
    }
}
