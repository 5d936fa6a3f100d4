namespace InterpLoop.Hunt;

/// <summary>A hunt that cannot proceed for a reason the user can fix (an assume that rejects every sample, a bad option).</summary>
public sealed class HuntException(string message) : Exception(message);
