namespace InterpLoop.Engine.RewardHacking;

/// <summary>
/// The managed arrays one RL step's <see cref="Rollout"/> (or a pretraining step's <see cref="ReferencePretraining.Loglikelihood"/>)
/// fills, kept from step to step. Several are past the
/// large-object threshold at a population of 8 (the inputs of the 256-row position, the tokens and row indices), and
/// allocating them afresh every step set off a full collection every few steps; TorchSharp's Scalars are not
/// kept alive across their native calls, so fewer collections during training is also fewer chances of one being
/// finalized mid-call (tests/properties/AssemblySetup.cs). Every array is handed out by slot and exact length, and
/// is fully overwritten by its user, so a reused one carries nothing from the step before (its tensors are copies made
/// by <see cref="HostTensors"/>, which allocates no managed array of its own).
/// </summary>
internal sealed class RolloutScratch
{
    readonly Dictionary<(string Slot, int Length), Array> arrays = new();

    public T[] Get<T>(string slot, int length)
    {
        if (arrays.TryGetValue((slot, length), out var array) && array is T[] typed) return typed;
        var made = new T[length];
        arrays[(slot, length)] = made;
        return made;
    }
}
