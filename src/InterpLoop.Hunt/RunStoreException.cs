namespace InterpLoop.Hunt;

/// <summary>The run store's file cannot be used (corrupt, not a database, unwritable); the message names the file.</summary>
public sealed class RunStoreException(string message, Exception? inner = null) : Exception(message, inner);
