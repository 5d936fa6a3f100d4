using System.Runtime.InteropServices;
using InterpLoop.Engine;

namespace InterpLoop.Properties.Engine;

/// <summary>The kernel pinning is in libc's environment (where libtorch reads it) before any test touches torch.</summary>
public class NumericsPinningTests
{
    [DllImport("libc.so.6", EntryPoint = "getenv")]
    static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [Fact]
    public void Libtorch_sees_the_pinned_instruction_set()
    {
        Assert.True(OperatingSystem.IsLinux());
        foreach (var (name, value) in NumericsPinning.Variables)
            Assert.Equal(value, Marshal.PtrToStringUTF8(getenv(name)));
    }
}
