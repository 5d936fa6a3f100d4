using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The policy: a small residual network applied at every position of the response: a linear embedding
/// into a residual stream of width H, two tanh blocks added to it, and a linear read-out. As in a
/// transformer's residual stream, the input (token identity included) stays linearly readable at every
/// layer unless training moves it. Its input at step s
/// is the problem x, the previous token (BOS at s = 0) and the position: a bigram context, so a token's
/// activation carries what came just before it but not the whole response (which is what lets filler
/// dilute a mean-pooled probe, as justification text does in the Atlas' obfuscated policies). The activations at step s + 1
/// belong to token y_s, as the residual stream at a token does in a language model; the logits at step s
/// predict y_s. Parameters are plain tensors initialised from a passed generator, never the global RNG.
/// </summary>
internal sealed class PolicyNetwork
{
    PolicyNetwork(Tensor[] parameters, Vocabulary vocabulary, int maxTokens)
    {
        Parameters = parameters;
        Vocabulary = vocabulary;
        MaxTokens = maxTokens;
    }

    public Tensor[] Parameters { get; }
    public Vocabulary Vocabulary { get; }
    public int MaxTokens { get; }

    public static int InputSize(int features, Vocabulary v, int maxTokens) => features + (v.Size + 1) + (maxTokens + 1);

    public static PolicyNetwork Initialise(int features, int hidden, Vocabulary v, int maxTokens, Generator g)
    {
        int input = InputSize(features, v, maxTokens);
        Tensor Weight(int fanIn, int fanOut) => (randn(fanIn, fanOut, generator: g) / Math.Sqrt(fanIn)).requires_grad_();
        var p = new[]
        {
            Weight(input, hidden),                                    // embedding
            Weight(hidden, hidden), zeros(hidden).requires_grad_(),   // block 1
            Weight(hidden, hidden), zeros(hidden).requires_grad_(),   // block 2
            Weight(hidden, v.Size), zeros(v.Size).requires_grad_(),   // read-out
        };
        return new PolicyNetwork(p, v, maxTokens);
    }

    /// <summary>A network with these parameters (a stored prelude's reference); they must have the shapes <see cref="Initialise"/> gives.</summary>
    public static PolicyNetwork FromParameters(Tensor[] parameters, Vocabulary v, int maxTokens) => new(parameters, v, maxTokens);

    /// <summary>A copy with its own parameters; <paramref name="trainable"/> decides whether they take gradients.</summary>
    public PolicyNetwork Clone(bool trainable) =>
        new(Parameters.Select(p => p.detach().clone().requires_grad_(trainable)).ToArray(), Vocabulary, MaxTokens);

    /// <summary>Runs every step of the response at once (teacher forcing), without gradients. x: [n, d]; tokens: [n, L] int64.</summary>
    public PolicyOutput Forward(Tensor x, Tensor tokens) => PolicyOutput.Of(Pass(Inputs(x, tokens, Vocabulary, MaxTokens)), x.shape[0], track: false);

    /// <summary>
    /// <see cref="Forward"/> for training: the outputs are autograd leaves, and after a loss on them is taken backward,
    /// <see cref="PolicyOutput.Backpropagate"/> adds the parameters' gradients (<see cref="PolicyPass"/>).
    /// </summary>
    public PolicyOutput ForwardForTraining(Tensor x, Tensor tokens) => PolicyOutput.Of(Pass(Inputs(x, tokens, Vocabulary, MaxTokens)), x.shape[0], track: true);

    /// <summary>The network on input rows u [..., F] as a population of one: a pass over [1, R, F].</summary>
    internal PolicyPass Pass(Tensor u) => PolicyPass.Run(Parameters.Select(p => p.unsqueeze(0)).ToArray(), u.reshape(1, -1, u.shape[^1]));

    /// <summary>
    /// The logits at one step s of the response, from the problem and the token before it (BOS at s = 0): [n, V].
    /// A position's activations depend only on x, the previous token and s, so sampling token by token needs this
    /// position alone, at a seventh of the work. At the default sizes its rows equal <see cref="Forward"/>'s at step s
    /// bit for bit; not at every size, since MKL may compute an n-row product's rows otherwise than a 7n-row one's
    /// (PopulationEquivalenceProperties pins both; engine 0.5.1 is defined by this, not the full pass). x: [n, d]; previous: [n] int64.
    /// </summary>
    public Tensor StepLogits(Tensor x, Tensor previous, int s) => StepPass(x, previous, s).Logits[0];    // [n, V]

    /// <summary>Step s alone as a pass over its n rows ([1, n, ·]), what <see cref="Responses.Sample"/> draws from.</summary>
    internal PolicyPass StepPass(Tensor x, Tensor previous, int s) => Pass(StepInputs(x, previous, s, Vocabulary, MaxTokens));

    /// <summary>The input at step s: the problem, the previous token one-hot, the position one-hot. [n, F]</summary>
    internal static Tensor StepInputs(Tensor x, Tensor previous, int s, Vocabulary vocabulary, int maxTokens)
    {
        long n = x.shape[0];
        var previousOneHot = nn.functional.one_hot(previous, vocabulary.Size + 1).to(ScalarType.Float32); // [n, V+1]
        var position = zeros(n, maxTokens + 1);                                                        // [n, L+1]
        position.select(1, s).fill_(1);
        return cat(new[] { x, previousOneHot, position }, 1);                                          // [n, F]
    }

    /// <summary>
    /// <see cref="StepInputs"/>' row written on the host, for code that builds its rows there (<see cref="PositionRows"/>,
    /// <see cref="ReferencePretraining.Loglikelihood"/>): the problem, the previous token one-hot (BOS included), the
    /// position one-hot, every other entry zero. row: [F]; problem: [d].
    /// </summary>
    internal static void WriteStepInput(Span<float> row, ReadOnlySpan<float> problem, long previous, int s, Vocabulary vocabulary)
    {
        row.Clear();
        problem.CopyTo(row);
        row[problem.Length + (int)previous] = 1;
        row[problem.Length + vocabulary.Size + 1 + s] = 1;
    }

    /// <summary>The inputs at every step of the responses (teacher forcing): [n, L+1, F]. x: [n, d]; tokens: [n, L].</summary>
    internal static Tensor Inputs(Tensor x, Tensor tokens, Vocabulary vocabulary, int maxTokens)
    {
        long n = x.shape[0];
        int L = maxTokens, V = vocabulary.Size;
        var previous = cat(new[] { full(n, 1, vocabulary.Bos, dtype: ScalarType.Int64), tokens }, 1); // [n, L+1]
        var previousOneHot = nn.functional.one_hot(previous, V + 1).to(ScalarType.Float32); // [n, L+1, V+1]
        var position = eye(L + 1).unsqueeze(0).expand(n, -1, -1);                       // [n, L+1, L+1]
        var xs = x.unsqueeze(1).expand(-1, L + 1, -1);                                  // [n, L+1, d]
        return cat(new[] { xs, previousOneHot, position }, 2);                          // [n, L+1, F]
    }
}

/// <summary>
/// One teacher-forced pass: the residual stream after each block and the logits, each [n, L+1, ·]. A pass made for
/// training has autograd leaves here, and <see cref="Backpropagate"/> takes their gradients to the parameters.
/// </summary>
internal sealed record PolicyOutput(Tensor Hidden1, Tensor Hidden2, Tensor Logits)
{
    PolicyPass? pass;

    internal static PolicyOutput Of(PolicyPass pass, long n, bool track)
    {
        var (logits, hidden1, hidden2) = track ? pass.Leaves() : (pass.Logits, pass.Hidden1, pass.Hidden2);
        return new PolicyOutput(hidden1.view(n, -1, hidden1.shape[2]), hidden2.view(n, -1, hidden2.shape[2]), logits.reshape(n, -1, logits.shape[2]))
        { pass = track ? pass : null };
    }

    /// <summary>Adds the gradients a loss left on this pass's outputs to <paramref name="parameters"/>' (the network's own).</summary>
    public void Backpropagate(IReadOnlyList<Tensor> parameters) =>
        (pass ?? throw new InvalidOperationException("only a pass made by ForwardForTraining takes gradients")).Backpropagate(parameters);

    /// <summary>The activations belonging to the response tokens y_0..y_{L−1} at a hidden layer: [n, L, H].</summary>
    public Tensor TokenActivations(int layer)
    {
        var h = layer == 1 ? Hidden1 : Hidden2;
        return h.narrow(1, 1, h.shape[1] - 1);
    }

    /// <summary>The log-probabilities of the next token at steps 0..L−1, with banned tokens masked: [n, L, V].</summary>
    public Tensor LogProbs(Tensor logitMask) => (Logits.narrow(1, 0, Logits.shape[1] - 1) + logitMask).log_softmax(-1);
}
