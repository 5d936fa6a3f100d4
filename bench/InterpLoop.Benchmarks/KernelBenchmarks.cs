using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using InterpLoop.Engine.RewardHacking;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Benchmarks;

/// <summary>
/// The engine's own element-wise kernels against the ATen ops they replaced (engine 0.10.0), at a step's shapes: a
/// tanh block's element-wise work on [32 × 256, 64] (ATen: the bias, the sigmoid, the doubling and the −1 of
/// 2σ(2z) − 1; the engine: <see cref="ResidualKernels.Forward"/>), and the softmax and log-softmax of [32 × 256, 11]
/// logits plus a mask (ATen's against <see cref="RowSoftmax"/>'s). Each pair computes the same function.
/// </summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    const int Rows = 32 * 256, Hidden = 64, Vocabulary = 11, Padded = 16;
    Tensor h = null!, z = null!, bias = null!, t = null!, output = null!, logits = null!, padded = null!, mask = null!;
    float[] probabilities = null!, maskRow = null!;

    [GlobalSetup]
    public void Setup()
    {
        // As in the engine's processes: without it every [8192, 64] result is a fresh mapping, faulted in page by page.
        InterpLoop.Engine.NativeAllocatorTuning.Apply();
        torch.set_num_threads(RewardHackingScenario.Threads);
        var g = new Generator(1);
        h = randn(Rows, Hidden, generator: g);
        z = randn(Rows, Hidden, generator: g);
        bias = randn(Hidden, generator: g);
        t = empty(Rows, Hidden);
        output = empty(Rows, Hidden);
        padded = randn(Rows, Padded, generator: g);
        logits = padded.narrow(1, 0, Vocabulary);
        maskRow = new float[Vocabulary];
        maskRow[Vocabulary - 2] = -1e9f;                                               // a banned token, as the grammar bans some
        mask = tensor(maskRow);
        probabilities = new float[Rows * Vocabulary];
    }

    [Benchmark(Baseline = true, Description = "tanh block, ATen: h + 2σ(z + 2b) − 1")]
    public void BlockAten()
    {
        using var scope = NewDisposeScope();
        h.add(z.add((bias * 2).unsqueeze(0)).sigmoid(), alpha: 2).sub_(1);
    }

    [Benchmark(Description = "tanh block, ResidualKernels: h + tanh(z)")]
    public void BlockKernel() =>
        ResidualKernels.Forward(Floats(h), Floats(z), Floats(t), Floats(output));

    [Benchmark(Description = "softmax rows, ATen")]
    public void SoftmaxAten()
    {
        using var scope = NewDisposeScope();
        (logits + mask).softmax(-1);
    }

    [Benchmark(Description = "softmax rows, RowSoftmax")]
    public void SoftmaxRows() => RowSoftmax.Softmax(Floats(padded), Padded, maskRow, 0, probabilities, Vocabulary);

    [Benchmark(Description = "log-softmax rows, ATen")]
    public void LogSoftmaxAten()
    {
        using var scope = NewDisposeScope();
        (logits + mask).log_softmax(-1);
    }

    [Benchmark(Description = "log-softmax rows, RowSoftmax")]
    public void LogSoftmaxRows() => RowSoftmax.LogSoftmax(Floats(padded), Padded, maskRow, 0, probabilities, Vocabulary);

    static Span<float> Floats(Tensor tensor) => MemoryMarshal.Cast<byte, float>(tensor.bytes);
}
