using System.Runtime;
using System.Text.Json.Nodes;

namespace InterpLoop.Properties;

/// <summary>
/// Every process that trains runs without the background (concurrent) collector, so a collection only ever happens
/// on the thread that allocates and never suspends the training thread in the middle of a TorchSharp call whose
/// implicit Scalar it could then finalize (tests/README.md). Directory.Build.props sets it for every executable; this
/// checks the test host and the `interploop` the CLI tests and the workers start.
/// </summary>
public class GarbageCollectionSettingsTests
{
    [Fact]
    public void The_test_host_collects_without_the_background_collector()
    {
        Assert.Equal("false", AppContext.GetData("System.GC.Concurrent")?.ToString()?.ToLowerInvariant());
        Assert.Equal(GCLatencyMode.Batch, GCSettings.LatencyMode);
    }

    [Fact]
    public void The_interploop_executable_is_configured_without_it()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "interploop.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(config))!["runtimeOptions"]!["configProperties"]!;
        Assert.False(properties["System.GC.Concurrent"]!.GetValue<bool>());
    }
}
