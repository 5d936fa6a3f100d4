namespace InterpLoop.Cli;

/// <summary>Reports synchronously on the calling thread: Progress&lt;T&gt; would post to the thread pool and reorder lines.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
