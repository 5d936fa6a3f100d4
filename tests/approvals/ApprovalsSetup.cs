using ApprovalTests.Reporters;

// No diff tool on CI: print the command that accepts a received file instead of launching one.
[assembly: UseReporter(typeof(QuietReporter))]

// Test classes run one at a time, and RunTable trains its runs one after another: see
// tests/properties/AssemblySetup.cs for the TorchSharp Scalar finalizer race this avoids.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace InterpLoop.Approvals
{
    internal static class NumericsSetup
    {
        // Pin before any test touches torch (see NumericsPinning).
        [System.Runtime.CompilerServices.ModuleInitializer]
        internal static void Pin() => InterpLoop.Engine.NumericsPinning.Apply();
    }
}
