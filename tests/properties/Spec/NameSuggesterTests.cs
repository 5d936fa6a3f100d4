using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Spec.Catalog;

namespace InterpLoop.Properties.Spec;

public class NameSuggesterTests
{
    static readonly string[] Names = RewardHackingCatalog.Catalog.Parameters.Select(p => p.Name).ToArray();

    [Fact]
    public void A_single_edit_of_a_name_suggests_that_name() =>
        Prop.ForAll(Arb.From(from name in Gen.Elements(Names)
                             from at in Gen.Choose(0, name.Length - 1)
                             from kind in Gen.Choose(0, 2)
                             select (name, at, kind)), c =>
        {
            var typo = c.kind switch
            {
                0 => c.name.Remove(c.at, 1),                                  // deletion
                1 => c.name.Insert(c.at, "x"),                                // insertion
                _ => c.name.Substring(0, c.at) + 'q' + c.name.Substring(c.at + 1), // substitution
            };
            var suggestion = NameSuggester.Nearest(typo, Names);
            // Another name may be equally near (e.g. probe.kind vs probe.fpr); it must be no farther than the intended one.
            return suggestion != null && NameSuggester.Distance(typo, suggestion) <= NameSuggester.Distance(typo, c.name);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));

    [Fact]
    public void An_unrelated_word_suggests_nothing() => Assert.Null(NameSuggester.Nearest("zzzzzzzzzzzz", Names));

    [Theory]
    [InlineData("ab", "ba", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_is_optimal_string_alignment(string a, string b, int expected) => Assert.Equal(expected, NameSuggester.Distance(a, b));
}
