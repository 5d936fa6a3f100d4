// Polyfill: lets netstandard2.0 code declare records and init-only properties.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
