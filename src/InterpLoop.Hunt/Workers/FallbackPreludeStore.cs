using InterpLoop.Engine;

namespace InterpLoop.Hunt.Workers;

/// <summary>
/// A worker's preludes: its shard store first, then the coordinator's run store, read but never written (the
/// coordinator merges the shard, preludes included, when the worker is done). So a worker reuses the reference models
/// and probes earlier runs left in the run store instead of computing them again.
/// </summary>
public sealed class FallbackPreludeStore(IPreludeStore own, IPreludeStore readOnly) : IPreludeStore
{
    public byte[]? LoadPrelude(string key) => own.LoadPrelude(key) ?? readOnly.LoadPrelude(key);

    public void SavePrelude(string key, byte[] snapshot) => own.SavePrelude(key, snapshot);

    /// <summary>Reported in the worker's own store; the recomputed prelude is saved there and replaces the bad one when merged.</summary>
    public void ReportUnreadablePrelude(string key, string reason) => own.ReportUnreadablePrelude(key, reason);
}
