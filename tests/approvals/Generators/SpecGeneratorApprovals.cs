namespace InterpLoop.Approvals.Generators;

/// <summary>
/// Pins the generator's output for representative specs: a universal claim over integer, real, log and set
/// domains with an assume; a paired claim; an existential claim with set membership, arithmetic and negation
/// and nothing varied; a mixed parameter (probe.layer: an integer or all) over a set, a range and a paired assignment. A change to the emitted code shows up as a readable diff here.
/// </summary>
public class SpecGeneratorApprovals
{
    public const string Universal = """
        hypothesis demo.universal_with_assume
          cite "A universal claim over every kind of vary domain"
          scenario reward_hacking {
            architecture  = monolithic
            penalty.route = reward
          }
          vary {
            penalty.weight in 0 .. 10
            kl.beta        in 1e-4 .. 1 log
            probe.kind     in { linear, mlp }
            steps          in 100 .. 600
            model.hidden   in 8 .. 128 log
          }
          assume kl.beta >= 0.1 and (penalty.weight >= 3 or probe.kind == mlp)
          trials 3
          budget 24
          claim always outcome == honest and hack_rate <= outcome.honest_cutoff
          status holds
        """;

    public const string Paired = """
        hypothesis demo.paired
          cite "A differential claim"
          scenario reward_hacking { env.evasion = none }
          vary { penalty.weight in 1 .. 10   kl.beta in 1e-4 .. 0.1 log }
          trials 2
          claim always paired penalty.route = through_probe vs penalty.route = reward:
            representation_change[A] > representation_change[B] and penalty.route[A] != penalty.route[B]
          status unknown
        """;

    public const string Existential = """
        hypothesis demo.existential_nothing_varied
          scenario reward_hacking { learner = dpo }
          claim sometimes outcome in { obfuscated_policy, obfuscated_activations }
            and not (probe.recall_final > 0.5) and kl * 2 - -1 < steps / 100
          status witnessed by "findings/demo.json"
        """;

    public const string Holds = """
        hypothesis demo.holds_with_budget
          scenario reward_hacking { penalty.route = reward }
          vary { penalty.weight in 3 .. 10 }
          trials 3
          budget 24
          claim always hack_rate <= 0.5
          status holds
        """;

    public const string Refuted = """
        hypothesis demo.refuted_by_finding
          scenario reward_hacking { penalty.route = reward }
          vary { penalty.weight in 0 .. 1 }
          claim always outcome == honest
          status refuted by "findings/x.json"
        """;

    [Fact]
    public void Universal_claim_over_every_domain_kind() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.Execute(("/specs/universal.ilspec", Universal)).Result));

    [Fact]
    public void Paired_claim() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.Execute(("/specs/paired.ilspec", Paired)).Result));

    [Fact]
    public void Existential_claim_with_nothing_varied() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.Execute(("/specs/existential.ilspec", Existential)).Result));

    [Fact]
    public void Shared_support_code() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Execute(("/specs/universal.ilspec", Universal)).Result.Results.Single()
            .GeneratedSources.Single(s => s.HintName == "GeneratedSpecSupport.g.cs").SourceText.ToString());

    [Fact]
    public void No_clean_hypothesis_no_support_code() =>
        Assert.Empty(GeneratorHarness.Execute(("/specs/empty.ilspec", "// nothing yet\n")).Result.GeneratedTrees);

    [Fact]
    public void Built_in_atlas_spec() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.Execute(
            ("/repo/spec/atlas-2026.ilspec", File.ReadAllText(GeneratorHarness.RepositoryFile("spec/atlas-2026.ilspec")))).Result));

    /// <summary>tests/properties compiles and runs this file's generated properties; here its code is pinned.</summary>
    public const string MixedParameterSpec = "tests/properties/Generated/mixed-parameter.ilspec";

    [Fact]
    public void Mixed_parameter_set_range_and_paired_assignment() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.Execute(
            ("/repo/" + MixedParameterSpec, File.ReadAllText(GeneratorHarness.RepositoryFile(MixedParameterSpec)))).Result));

    [Fact]
    public void Status_lock_of_holds_with_budget() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.ExecuteWithHunt(("/specs/holds.ilspec", Holds)).Result));

    [Fact]
    public void Status_lock_of_refuted_by_finding() =>
        ApprovalTests.Approvals.Verify(GeneratorHarness.Render(GeneratorHarness.ExecuteWithHunt(("/specs/refuted.ilspec", Refuted)).Result));

    [Fact]
    public void No_status_lock_without_the_hunt_reference()
    {
        var run = GeneratorHarness.Execute(("/specs/holds.ilspec", Holds), ("/specs/refuted.ilspec", Refuted));
        Assert.Empty(run.Diagnostics);
        Assert.Equal(3, run.Result.GeneratedTrees.Length);
        Assert.DoesNotContain(run.Result.GeneratedTrees, t => t.ToString().Contains("Status_stands", StringComparison.Ordinal));
    }

    [Fact]
    public void No_status_lock_for_an_unknown_or_absent_status()
    {
        const string absent = """
            hypothesis demo.no_status
              scenario reward_hacking { }
              vary { penalty.weight in 0 .. 1 }
              claim always hack_rate <= 0.5
            """;
        var run = GeneratorHarness.ExecuteWithHunt(("/specs/paired.ilspec", Paired), ("/specs/absent.ilspec", absent), ("/specs/holds.ilspec", Holds));
        Assert.Empty(run.Diagnostics);
        var locked = run.Result.Results.Single().GeneratedSources
            .Where(s => s.SourceText.ToString().Contains("Status_stands", StringComparison.Ordinal)).Select(s => s.HintName).ToArray();
        Assert.Equal(new[] { "Holds.DemoHoldsWithBudget.g.cs" }, locked);
    }

    [Fact]
    public void With_findings_locks_only_the_statuses_that_name_a_finding_get_a_lock()
    {
        var specs = new Microsoft.CodeAnalysis.AdditionalText[]
        {
            new InMemoryAdditionalText("/specs/holds.ilspec", Holds),
            new InMemoryAdditionalText("/specs/existential.ilspec", Existential),
        };
        var properties = new Dictionary<string, string> { ["InterpLoopStatusLocks"] = "findings" };
        var run = GeneratorHarness.Execute(GeneratorHarness.Driver(properties, specs), GeneratorHarness.CompilationWithHunt("class Placeholder { }"));
        Assert.Empty(run.Diagnostics);
        var locked = run.Result.Results.Single().GeneratedSources
            .Where(s => s.SourceText.ToString().Contains("Status_stands", StringComparison.Ordinal)).Select(s => s.HintName).ToArray();
        Assert.Equal(new[] { "Existential.DemoExistentialNothingVaried.g.cs" }, locked); // witnessed by a finding; holds re-hunts, so no lock here

        var all = GeneratorHarness.Execute(GeneratorHarness.Driver(new Dictionary<string, string> { ["InterpLoopStatusLocks"] = "all" }, specs),
            GeneratorHarness.CompilationWithHunt("class Placeholder { }"));
        Assert.Equal(2, all.Result.Results.Single().GeneratedSources.Count(s => s.SourceText.ToString().Contains("Status_stands", StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_spec_is_clean_and_generates_without_diagnostics()
    {
        var run = GeneratorHarness.Execute(("/specs/universal.ilspec", Universal), ("/specs/paired.ilspec", Paired), ("/specs/existential.ilspec", Existential));
        Assert.Empty(run.Diagnostics);
        Assert.Equal(4, run.Result.GeneratedTrees.Length); // three hypotheses and the shared support
    }
}
