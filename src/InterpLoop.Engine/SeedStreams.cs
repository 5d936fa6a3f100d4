using TorchSharp;

namespace InterpLoop.Engine;

/// <summary>
/// Independent random streams derived from one run seed, one per purpose, so that changing how much one
/// phase draws (say, more RL steps) leaves every other phase's draws unchanged.
/// </summary>
public static class SeedStreams
{
    public static ulong Derive(long seed, string purpose)
    {
        // SplitMix64 over the seed and an FNV-1a hash of the purpose: fixed, platform-independent.
        ulong h = 14695981039346656037UL;
        foreach (var ch in purpose) { h ^= ch; h *= 1099511628211UL; }
        ulong z = unchecked((ulong)seed + h + 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static torch.Generator Generator(long seed, string purpose) => new(Derive(seed, purpose));
}
