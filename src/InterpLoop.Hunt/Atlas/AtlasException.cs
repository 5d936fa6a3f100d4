namespace InterpLoop.Hunt.Atlas;

/// <summary>An atlas that cannot be drawn as asked (a parameter the hypothesis does not vary, a grid too small); the message says why, in the user's terms.</summary>
public sealed class AtlasException(string message) : Exception(message);
