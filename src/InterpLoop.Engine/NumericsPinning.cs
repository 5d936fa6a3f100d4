using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace InterpLoop.Engine;

/// <summary>
/// Pins libtorch's CPU kernels to one instruction set, so a configuration and seed give the same metrics on
/// every x86-64 machine with AVX2, not only on the machine that produced them. Left alone, ATen and MKL pick
/// their kernels by the CPU (AVX2, AVX-512, AMX…), and a chaotic run (seed 1 of the obfuscated-policy
/// landmark) ended with KL 7.32 on one machine and 11.10 on another, from the same commit; findings, the run
/// store and approvals all assume a run is a function of its configuration, seed and engine version.
/// The variables are read by libtorch at its first dispatch, so they must be in the process environment
/// (libc's, which .NET's Environment does not write on Unix) before any tensor exists. A value the user set
/// explicitly is kept. Costs roughly a fifth of the AVX-512 speed at the default size (a noisy measurement).
/// </summary>
public static class NumericsPinning
{
    public static readonly IReadOnlyList<KeyValuePair<string, string>> Variables = new[]
    {
        new KeyValuePair<string, string>("ATEN_CPU_CAPABILITY", "avx2"),
        new KeyValuePair<string, string>("MKL_CBWR", "AVX2"),
        new KeyValuePair<string, string>("ONEDNN_MAX_CPU_ISA", "AVX2"),
    };

    /// <summary>Idempotent; call before the first tensor when torch is used outside the engine (tests do).</summary>
    public static void Apply()
    {
        if (!OperatingSystem.IsLinux()) return; // the only platform with a served libtorch here
        foreach (var (name, value) in Variables) setenv(name, value, overwrite: 0);
    }

#pragma warning disable CA2255 // A library module initializer is the one hook that runs before any engine type touches libtorch.
    [ModuleInitializer]
    internal static void Initialize() => Apply();
#pragma warning restore CA2255

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
