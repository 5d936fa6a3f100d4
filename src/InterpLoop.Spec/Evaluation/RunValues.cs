using System.Collections.Generic;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Spec.Evaluation
{
    /// <summary>What one run makes known to a predicate: its full configuration and (after it ran) its metrics.</summary>
    public sealed class RunValues
    {
        public RunValues(IReadOnlyDictionary<string, ParameterValue> parameters, IReadOnlyDictionary<string, ParameterValue>? metrics = null)
        {
            Parameters = parameters;
            Metrics = metrics ?? new Dictionary<string, ParameterValue>();
        }

        public IReadOnlyDictionary<string, ParameterValue> Parameters { get; }
        /// <summary>Numeric metrics as numbers; a symbolic metric (outcome) as a symbol.</summary>
        public IReadOnlyDictionary<string, ParameterValue> Metrics { get; }

        public bool TryGet(string name, out ParameterValue value) =>
            Metrics.TryGetValue(name, out value) || Parameters.TryGetValue(name, out value);

        public bool Knows(string name) => Metrics.ContainsKey(name) || Parameters.ContainsKey(name);
    }
}
