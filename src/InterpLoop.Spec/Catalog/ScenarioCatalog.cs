using System.Collections.Generic;
using System.Linq;

namespace InterpLoop.Spec.Catalog
{
    /// <summary>A scenario family's names: its parameters and metrics. What the checker, CLI and engine agree on.</summary>
    public sealed class ScenarioCatalog
    {
        public ScenarioCatalog(string name, string meaning, IReadOnlyList<ParameterInfo> parameters, IReadOnlyList<MetricInfo> metrics)
        {
            Name = name; Meaning = meaning; Parameters = parameters; Metrics = metrics;
        }

        public string Name { get; }
        public string Meaning { get; }
        public IReadOnlyList<ParameterInfo> Parameters { get; }
        public IReadOnlyList<MetricInfo> Metrics { get; }

        public ParameterInfo? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
        public MetricInfo? FindMetric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
        public string? NearestParameter(string name) => NameSuggester.Nearest(name, Parameters.Select(p => p.Name));
        public string? NearestMetric(string name) => NameSuggester.Nearest(name, Metrics.Select(m => m.Name));
    }
}
