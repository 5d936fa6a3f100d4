using System.Text;
using InterpLoop.Properties.Docs;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Spec.Catalog;

/// <summary>
/// The parameter and metric tables of docs/spec-language.md are generated from the catalog, the one source
/// of truth the checker, the CLI and the engine read, so the reference cannot drift from them.
/// </summary>
public class CatalogReferenceTests
{
    const string Begin = "<!-- catalog:begin (generated from RewardHackingCatalog.cs; see CatalogReferenceTests) -->";
    const string End = "<!-- catalog:end -->";

    static string Tables()
    {
        var catalog = RewardHackingCatalog.Catalog;
        var s = new StringBuilder();
        s.Append(Begin).Append('\n');
        s.Append($"### Scenario `{catalog.Name}`\n\n{Escape(catalog.Meaning)}\n\n");
        s.Append("| parameter | type | domain | default | unit | meaning |\n|---|---|---|---|---|---|\n");
        foreach (var p in catalog.Parameters)
            s.Append($"| `{p.Name}` | {p.Kind.ToString().ToLowerInvariant()} | {Escape(p.DescribeDomain())} | `{p.Default}` | {Escape(p.Unit)} | {Escape(p.Meaning)} |\n");
        s.Append("\n| metric | range | meaning |\n|---|---|---|\n");
        foreach (var m in catalog.Metrics)
            s.Append($"| `{m.Name}` | {Escape(m.IsSymbolic ? "one of { " + string.Join(", ", m.Choices) + " }" : m.Range)} | {Escape(m.Meaning)} |\n");
        s.Append(End);
        return s.ToString();
    }

    static string Escape(string text) => text.Replace("|", "\\|");

    [Fact]
    public void The_reference_lists_every_parameter_and_metric_as_the_catalog_defines_them() =>
        GeneratedDocSection.AssertCurrent(Path.Combine("docs", "spec-language.md"), Begin, End, Tables());
}
