using Xunit.Abstractions;
using Xunit.Sdk;

namespace InterpLoop.Properties.Slurm;

/// <summary>
/// A fact that needs the Slurm test cluster: it runs when <see cref="SlurmCluster"/> started, and is skipped with the
/// fixture's reason when it could not. xunit 2 fixes a fact's skip at discovery; this one decides when it runs, so
/// discovering the tests never starts a cluster.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("InterpLoop.Properties.Slurm.SlurmFactDiscoverer", "InterpLoop.Properties")]
public sealed class SlurmFactAttribute : FactAttribute;

public sealed class SlurmFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        new[] { new SlurmTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method) };
}

public sealed class SlurmTestCase : XunitTestCase
{
    [Obsolete("For deserialization only")]
    public SlurmTestCase() { }

    public SlurmTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method)
        : base(diagnostics, display, displayOptions, method) { }

    public override Task<RunSummary> RunAsync(IMessageSink diagnostics, IMessageBus bus, object[] constructorArguments, ExceptionAggregator aggregator,
        CancellationTokenSource cancellation)
    {
        SkipReason ??= SlurmCluster.SkipReason is { } reason ? $"no Slurm test cluster: {reason}" : null;
        return base.RunAsync(diagnostics, bus, constructorArguments, aggregator, cancellation);
    }
}
