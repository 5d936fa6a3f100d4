namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The distinct network inputs at one position of an RL step's responses. The input at position s is the problem,
/// the previous token and s (<see cref="PolicyNetwork.StepInputs"/>), and the G responses of a problem share their
/// problem, so many rows repeat: all G at s = 0 (BOS), and after the first token only FILLER or END can come before.
/// Each distinct (problem, previous token) is computed once, and every response reads its row through
/// <see cref="Index"/>. The row count is <see cref="MaxRows"/>, fixed by the shapes and the grammar, not by what was
/// sampled: MKL's product rows depend on the row count (PopulationEquivalenceProperties), so a data-dependent count
/// would make a member's bits depend on its samples' duplicates and could not be stacked with other members. Rows past
/// the distinct ones are padding (zero inputs) that no response reads.
/// </summary>
internal sealed class PositionRows
{
    PositionRows(long[] index, int[] problem, long[] previous, int distinct)
    {
        Index = index;
        Problem = problem;
        Previous = previous;
        Distinct = distinct;
    }

    /// <summary>Response i's row: [N].</summary>
    public long[] Index { get; }
    /// <summary>Each row's problem (0..B−1) and previous token, padding rows included: [Bound].</summary>
    public int[] Problem { get; }
    public long[] Previous { get; }
    /// <summary>How many rows some response reads; the rest are padding.</summary>
    public int Distinct { get; }
    public int Bound => Problem.Length;

    /// <summary>
    /// The most distinct rows position s can have: B at s = 0; after that, per problem, at most G responses and at most
    /// the tokens that can stand at s − 1. <paramref name="possible"/>[t] counts those at step t: the ones the grammar
    /// allows, and END, which a finished response repeats (<see cref="Responses.PossibleCounts"/>).
    /// </summary>
    public static int MaxRows(int s, int problems, int group, IReadOnlyList<int> possible) =>
        s == 0 ? problems : problems * Math.Min(group, possible[s - 1]);

    /// <summary>The rows of one position. previous: [N], response i belonging to problem i / G.</summary>
    public static PositionRows Of(ReadOnlySpan<long> previous, int group, int bound)
    {
        var index = new long[previous.Length];
        var problem = new int[bound];
        var prior = new long[bound];
        int distinct = 0;
        for (int start = 0; start < previous.Length; start += group)
        {
            // Rows of one problem are contiguous, so a problem's rows are found among the last few made.
            int first = distinct, b = start / group;
            for (int i = start; i < Math.Min(start + group, previous.Length); i++)
            {
                int row = -1;
                for (int r = first; r < distinct; r++)
                    if (prior[r] == previous[i]) { row = r; break; }
                if (row < 0)
                {
                    if (distinct == bound)
                        throw new InvalidOperationException($"position rows: more than {bound} distinct inputs (problem {b}); a token outside the grammar was sampled");
                    row = distinct++;
                    problem[row] = b;
                    prior[row] = previous[i];
                }
                index[i] = row;
            }
        }
        for (int r = distinct; r < bound; r++) prior[r] = -1;
        return new PositionRows(index, problem, prior, distinct);
    }

    /// <summary>
    /// Writes the rows' inputs at position s into <paramref name="inputs"/> ([Bound, F] row-major, F the input width):
    /// the problem, the previous token one-hot, the position one-hot (<see cref="PolicyNetwork.WriteStepInput"/>); padding rows zero.
    /// problems: [B, d] row-major.
    /// </summary>
    public void WriteInputs(Span<float> inputs, ReadOnlySpan<float> problems, int features, int s, Vocabulary v, int maxTokens)
    {
        int width = PolicyNetwork.InputSize(features, v, maxTokens);
        for (int r = 0; r < Distinct; r++)
            PolicyNetwork.WriteStepInput(inputs.Slice(r * width, width), problems.Slice(Problem[r] * features, features), Previous[r], s, v);
        inputs.Slice(Distinct * width).Clear();
    }
}
