using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// One RL step's responses for every member of a population, drawn position by position with the policy's graph
/// kept: the pass that drew a token is the pass that scores it, so a step runs the policy once, not a sampling pass
/// and then a teacher-forced one. Each position computes only its distinct rows (<see cref="PositionRows"/>), about
/// a third of the responses' rows at the default sizes, and every response reads its row by index; gradients into a
/// shared row are summed by the index's backward. Members are stacked as in <see cref="PolicyPopulation"/>, each
/// with its own rows, and draw their tokens from their own generators, in the order a population of one draws them.
/// Rows hold positions 0..L−1 (logits; the reference reads the same inputs) and 1..L (the activations belonging to
/// tokens y_0..y_{L−1}).
/// </summary>
internal sealed class Rollout
{
    readonly Tensor logits;              // [P, M, V]: positions 0..L−1
    readonly Tensor inputs;              // [P, M, F]: the same rows' inputs
    readonly Tensor maskRows;            // [M, V]: each row's position's mask
    readonly Tensor[] hidden;            // per layer [P, A, H]: positions 1..L
    readonly Tensor rowIndex;            // [P, N·L]: response i's row at step s, among all members' P·M rows
    readonly Tensor tokenIndex;          // [P, N·L]: that row's entry for the sampled token (row·V + y)
    readonly Tensor activationIndex;     // [P, N·L]: the row of the activations belonging to y_s (position s + 1), among P·A
    readonly int responses;

    Rollout(Tensor tokens, Tensor logits, Tensor inputs, Tensor maskRows, Tensor[] hidden, Tensor rowIndex, Tensor tokenIndex, Tensor activationIndex, int responses)
    {
        Tokens = tokens;
        this.logits = logits;
        this.inputs = inputs;
        this.maskRows = maskRows;
        this.hidden = hidden;
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
        var tokens = scratch.Get<long>("tokens", P * N * L);
        Array.Fill(tokens, v.End);
        var done = scratch.Get<bool>("done", P * N);
        Array.Clear(done);
        var rows = new PositionRows[L + 1][];
        var logitParts = new List<Tensor>();
        var inputParts = new List<Tensor>();
        var maskParts = new List<Tensor>();
        var hiddenParts = new[] { new List<Tensor>(), new List<Tensor>() };
        var previous = new long[N];
        // Each member's uniforms for every position at once: a generator's L draws of N are one draw of L·N (ATen fills
        // a uniform tensor serially), so these are the numbers a draw a position gave, at one native call a member.
        var drawn = g.Select(generator => rand(L * N, dtype: ScalarType.Float64, generator: generator)).ToArray();   // P × [L·N]

        for (int s = 0; s <= L; s++)
        {
            // 1. The distinct inputs of every member at this position.
            int bound = PositionRows.MaxRows(s, B, group, possible);
            rows[s] = new PositionRows[P];
            var u = scratch.Get<float>($"inputs {s}", P * bound * width);                     // each member's slice cleared by WriteInputs
            for (int p = 0; p < P; p++)
            {
                for (int i = 0; i < N; i++) previous[i] = s == 0 ? v.Bos : tokens[(p * N + i) * L + s - 1];
                rows[s][p] = PositionRows.Of(previous, group, bound);
                rows[s][p].WriteInputs(u.AsSpan(p * bound * width, bound * width), x.Slice(p * B * d, B * d), d, s, v, L);
            }
            var input = HostTensors.From<float>(u, new long[] { P, bound, width });     // [P, R, F]
            var (h1, h2, stepLogits) = policy.Layers(input);                                    // [P, R, ·]
            if (s > 0) { hiddenParts[0].Add(h1); hiddenParts[1].Add(h2); }
            if (s == L) break;
            logitParts.Add(stepLogits);
            inputParts.Add(input);
            maskParts.Add(logitMask[s].unsqueeze(0).expand(bound, -1));

            // 2. Each member draws its responses' tokens from their rows' distributions, one uniform a response.
            using (no_grad())
            {
                var probabilities = (stepLogits.detach() + logitMask[s]).softmax(-1);        // [P, R, V]
                var all = HostTensors.Read<float>(probabilities);                               // [P·R·V]
                for (int p = 0; p < P; p++)
                {
                    var probs = all.Slice(p * bound * v.Size, bound * v.Size);                  // [R·V]: member p's
                    var uniforms = HostTensors.Read<double>(drawn[p]).Slice(s * N, N);          // [N]: position s's
                    var index = rows[s][p].Index;
                    for (int i = 0; i < N; i++)
                    {
                        int k = p * N + i;
                        long token = done[k] ? v.End : Responses.Draw(probs.Slice((int)(index[i] * v.Size), v.Size), uniforms[i]);
                        tokens[k * L + s] = token;
                        done[k] |= token == v.End;
                    }
                }
                GC.KeepAlive(probabilities);
            }
        }

        GC.KeepAlive(hostProblems);
        GC.KeepAlive(drawn);                                                                    // their storage was read in place

        // 3. Where each response's steps read their rows, as indices into every member's rows stacked: a member's
        //    rows are [M] logit rows (positions 0..L−1) and [A] activation rows (1..L), the same counts for all.
        long logitRows = 0, activationRows = 0;
        for (int s = 0; s < L; s++) { logitRows += rows[s][0].Bound; activationRows += rows[s + 1][0].Bound; }
        var rowAt = scratch.Get<long>("rows", P * N * L);
        var tokenAt = scratch.Get<long>("token entries", P * N * L);
        var activationAt = scratch.Get<long>("activation rows", P * N * L);
        for (int p = 0; p < P; p++)
        {
            long rowOffset = p * logitRows, activationOffset = p * activationRows;
            for (int s = 0; s < L; s++)
            {
                var here = rows[s][p];
                var after = rows[s + 1][p];
                for (int i = 0; i < N; i++)
                {
                    int k = (p * N + i) * L + s;
                    rowAt[k] = rowOffset + here.Index[i];
                    tokenAt[k] = rowAt[k] * v.Size + tokens[k];
                    activationAt[k] = activationOffset + after.Index[i];
                }
                rowOffset += here.Bound;
                activationOffset += after.Bound;
            }
        }
        return new Rollout(
            HostTensors.From<long>(tokens, new long[] { P, N, L }),
            cat(logitParts, 1), cat(inputParts, 1), cat(maskParts, 0),
            hiddenParts.Select(parts => cat(parts, 1)).ToArray(),
            HostTensors.From<long>(rowAt, new long[] { P, N * L }), HostTensors.From<long>(tokenAt, new long[] { P, N * L }),
            HostTensors.From<long>(activationAt, new long[] { P, N * L }),
            N);
    }

    /// <summary>The policy's log-probabilities of the next token at each row, banned tokens masked: [P, M, V].</summary>
    public Tensor LogProbs() => (logits + maskRows).log_softmax(-1);

    /// <summary>The reference's log-probabilities at the same rows: [P, M, V] (no gradient).</summary>
    public Tensor ReferenceLogProbs(PolicyPopulation reference)
    {
        using var _ = no_grad();
        return (reference.Layers(inputs).Logits + maskRows).log_softmax(-1);
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
        return h.view(-1, h.shape[2]).index_select(0, activationIndex[p]).view(responses, -1, h.shape[2]);
    }
}
