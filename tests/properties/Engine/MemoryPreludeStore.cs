using InterpLoop.Engine;

namespace InterpLoop.Properties.Engine;

/// <summary>A prelude store in a dictionary, recording what it was told was unreadable: the engine's side of the run store, without SQLite.</summary>
internal sealed class MemoryPreludeStore : IPreludeStore
{
    public Dictionary<string, byte[]> Snapshots { get; } = new();
    public List<(string Key, string Reason)> Unreadable { get; } = new();

    public byte[]? LoadPrelude(string key) => Snapshots.TryGetValue(key, out var s) ? s.ToArray() : null;
    public void SavePrelude(string key, byte[] snapshot) => Snapshots.TryAdd(key, snapshot.ToArray());

    public void ReportUnreadablePrelude(string key, string reason)
    {
        Unreadable.Add((key, reason));
        Snapshots.Remove(key);
    }
}
