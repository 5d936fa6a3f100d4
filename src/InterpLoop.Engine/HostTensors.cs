using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace InterpLoop.Engine;

/// <summary>
/// Moves numbers between managed memory and CPU tensors through the tensor's own storage. `torch.tensor(T[])` clones
/// the array first (a managed copy, pinned for the tensor's life, on the large-object heap past 85 KB) and
/// `data&lt;T&gt;().ToArray()` allocates a new array; on the RL step's path those copies set off a full collection every
/// few steps at a population of 8. A collection while the training thread is inside a native call is what lets
/// TorchSharp finalize an implicit Scalar that call still reads (tests/README.md), so the step allocates as little
/// as it can. The numbers are copied exactly, so a tensor made here equals `torch.tensor` of the same array.
/// </summary>
internal static class HostTensors
{
    /// <summary>A new tensor of <paramref name="shape"/> holding <paramref name="values"/> (row-major; the counts must agree).</summary>
    public static Tensor From<T>(ReadOnlySpan<T> values, ReadOnlySpan<long> shape) where T : unmanaged
    {
        long count = 1;
        foreach (var n in shape) count *= n;
        if (count != values.Length) throw new ArgumentException($"{values.Length} values for a tensor of {count} elements", nameof(values));
        var made = empty(shape, dtype: TypeOf<T>());
        values.CopyTo(MemoryMarshal.Cast<byte, T>(made.bytes));
        return made;
    }

    /// <summary>
    /// A contiguous CPU tensor's elements in place, row-major, no copy: valid only while <paramref name="t"/> lives
    /// and is not written.
    /// </summary>
    public static ReadOnlySpan<T> Read<T>(Tensor t) where T : unmanaged => InPlace<T>(t, "read");

    /// <summary>
    /// A contiguous CPU tensor's elements in place, row-major, to write: valid only while <paramref name="t"/> lives.
    /// Autograd does not see the writes, so only a tensor no graph has read yet should be written.
    /// </summary>
    public static Span<T> Write<T>(Tensor t) where T : unmanaged => InPlace<T>(t, "written");

    static Span<T> InPlace<T>(Tensor t, string use) where T : unmanaged
    {
        if (t.dtype != TypeOf<T>()) throw new ArgumentException($"a {t.dtype} tensor {use} as {typeof(T).Name}", nameof(t));
        if (!t.is_contiguous() || t.device_type != DeviceType.CPU) throw new ArgumentException($"only a contiguous CPU tensor can be {use} in place", nameof(t));
        return MemoryMarshal.Cast<byte, T>(t.bytes);
    }

    static ScalarType TypeOf<T>() => typeof(T) == typeof(float) ? ScalarType.Float32
        : typeof(T) == typeof(double) ? ScalarType.Float64
        : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : throw new NotSupportedException($"no tensor element type for {typeof(T).Name}");
}
