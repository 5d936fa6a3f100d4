using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace InterpLoop.Approvals.Generators;

/// <summary>An AdditionalFiles item held in memory, so the generator runs without a project on disk.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    readonly SourceText _text = SourceText.From(text, Encoding.UTF8);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
