// Test classes run one at a time. TorchSharp's Scalar has a finalizer and is not tracked by dispose
// scopes, so a Scalar made implicitly for one native call can be finalized by a garbage collection that
// another thread starts during that call (seen once, under parallel tests, as "Unknown scalar type"). With
// one test thread, and no background collector (tests/README.md), no other thread allocates during a run.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace InterpLoop.Properties
{
    internal static class NumericsSetup
    {
        // TorchSharpLoadsAndTrains touches torch without the engine; pin before any test can (see NumericsPinning).
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Pin() => InterpLoop.Engine.NumericsPinning.Apply();
    }
}
