using InterpLoop.Engine;

namespace InterpLoop.Properties.Engine;

/// <summary>glibc takes the allocator settings the engine applies at load (their effect on speed is `interploop bench`'s to show).</summary>
public class NativeAllocatorTuningTests
{
    [Fact]
    public void Glibc_takes_both_settings()
    {
        Assert.True(OperatingSystem.IsLinux());
        Assert.True(NativeAllocatorTuning.Apply());
    }
}
