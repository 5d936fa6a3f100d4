using System.Collections.Generic;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Spec.Checking
{
    /// <summary>
    /// The configurations a hypothesis ranges over: every parameter of its scenario with its domain there
    /// (varied: its vary domain; fixed: its value; otherwise: its default).
    /// </summary>
    public sealed class Region
    {
        readonly Dictionary<string, ParameterDomain> _domains = new Dictionary<string, ParameterDomain>();

        public Region(ScenarioCatalog catalog)
        {
            Catalog = catalog;
            foreach (var p in catalog.Parameters) _domains[p.Name] = new FiniteDomain(new[] { p.Default });
        }

        public ScenarioCatalog Catalog { get; }
        public IReadOnlyDictionary<string, ParameterDomain> Domains => _domains;

        public void Set(string parameter, ParameterDomain domain) => _domains[parameter] = domain;

        public ParameterDomain this[string parameter] => _domains[parameter];

        /// <summary>The single value of a parameter that does not vary, or null when it varies.</summary>
        public ParameterValue? PointValue(string parameter) =>
            _domains.TryGetValue(parameter, out var d) && d is FiniteDomain f && f.Values.Count == 1 ? f.Values[0] : (ParameterValue?)null;
    }
}
