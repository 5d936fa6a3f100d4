using InterpLoop.Engine;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Hunt.Search;

/// <summary>One training run of the hunt's scenario: from the store, or trained. The hunt counts every call as a run.
/// Batched backends implement <see cref="RunBatchSource"/>; <see cref="RunBatches.Solo"/> turns this into one.</summary>
public delegate RunResult RunSource(IReadOnlyDictionary<string, ParameterValue> assignments, long seed);
