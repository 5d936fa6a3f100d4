using System.CommandLine;
using InterpLoop.Engine;
using InterpLoop.Hunt;
using Spectre.Console;

namespace InterpLoop.Cli;

/// <summary>`interploop run`: trains one configuration and prints its metrics and outcome.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var set = new Option<string[]>("--set") { Description = "Override a knob, name=value (repeatable), e.g. --set penalty.weight=2", AllowMultipleArgumentsPerToken = false };
        var seed = new Option<long>("--seed") { Description = "Run seed", DefaultValueFactory = _ => 0 };
        var scenario = new Option<string>("--scenario") { Description = "Scenario family", DefaultValueFactory = _ => "reward_hacking" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (outcome, metrics, config, seed) and nothing else on stdout" };
        var list = new Option<bool>("--list") { Description = "List the scenario's parameters and metrics instead of running" };
        var command = new Command("run", "Train one configuration and print its metrics and outcome.") { set, seed, scenario, json, list };
        command.SetAction(parse => Execute(parse.GetValue(set) ?? Array.Empty<string>(), parse.GetValue(seed),
            parse.GetValue(scenario)!, parse.GetValue(json), parse.GetValue(list)));
        return command;
    }

    static int Execute(string[] sets, long seed, string scenarioName, bool json, bool list)
    {
        var scenario = Scenarios.Find(scenarioName);
        if (scenario is null)
        {
            Console.Error.WriteLine($"error: unknown scenario '{scenarioName}'; known: {string.Join(", ", Scenarios.All.Select(s => s.Catalog.Name))}");
            return CommandLine.UsageError;
        }
        if (list) { Output.PrintCatalog(scenario.Catalog); return CommandLine.Success; }

        var (assignments, errors) = ConfigAssignments.Parse(scenario.Catalog, sets);
        if (errors.Count > 0)
        {
            foreach (var e in errors) Console.Error.WriteLine($"error {e}");
            return CommandLine.UsageError;
        }

        var started = DateTime.UtcNow;
        var result = Output.WithProgress($"{scenario.Catalog.Name} seed {seed}", progress => scenario.Run(assignments, seed, progress));
        var elapsed = DateTime.UtcNow - started;
        if (json) Console.WriteLine(ResultJson.Serialize(result));
        else Output.PrintResult(result, elapsed);
        return CommandLine.Success;
    }
}
