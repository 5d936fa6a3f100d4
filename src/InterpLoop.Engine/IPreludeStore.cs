namespace InterpLoop.Engine;

/// <summary>
/// A persistent home for preludes (work a scenario shares between runs, such as reward_hacking's reference
/// model and fitted probe), filed by key as opaque snapshots the engine encodes and decodes itself, so a new
/// process can reuse them. The engine defines it; the run store implements it.
/// </summary>
public interface IPreludeStore
{
    /// <summary>The snapshot stored under <paramref name="key"/>, or null.</summary>
    byte[]? LoadPrelude(string key);

    /// <summary>Stores a snapshot (one transaction); a key already stored keeps its first snapshot.</summary>
    void SavePrelude(string key, byte[] snapshot);

    /// <summary>
    /// The snapshot under <paramref name="key"/> could not be decoded: the store reports it, naming the key,
    /// and forgets it, so the prelude the engine recomputes takes its place.
    /// </summary>
    void ReportUnreadablePrelude(string key, string reason);
}
