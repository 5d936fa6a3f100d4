using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using InterpLoop.Hunt;
using InterpLoop.Spec;
using InterpLoop.Spec.Checking;
using InterpLoop.Spec.Diagnostics;

namespace InterpLoop.Cli;

/// <summary>`interploop check`: parses and checks spec files and prints their diagnostics the way compilers do.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Spec files (*.ilspec) or folders to search for them", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON array of diagnostics and nothing else on stdout" };
        var command = new Command("check", "Parse and check spec files; exit 0 when clean, 1 on any error.") { paths, json };
        command.SetAction(parse => Execute(parse.GetValue(paths) ?? Array.Empty<string>(), parse.GetValue(json)));
        return command;
    }

    static int Execute(string[] paths, bool json)
    {
        var (files, missing) = SpecPaths.Expand(paths);
        if (missing is not null)
        {
            Console.Error.WriteLine($"error: no such file or folder: {missing}");
            return CommandLine.UsageError;
        }

        var catalogs = Scenarios.All.Select(s => s.Catalog).ToList();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in files)
        {
            var options = new SpecCheckOptions(catalogs, finding => FindingExists(file, finding));
            diagnostics.AddRange(SpecAnalysis.Analyze(file, File.ReadAllText(file), options).Diagnostics);
        }

        if (json) Console.WriteLine(ToJson(diagnostics).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else Print(diagnostics, files.Count);
        return diagnostics.Any(d => d.IsError) ? CommandLine.Failure : CommandLine.Success;
    }

    static bool FindingExists(string specPath, string finding) => FindingPaths.Resolve(specPath, finding) is not null;

    /// <summary>Diagnostics the way compilers print them: file(line,col): error ID: message, then the hint.</summary>
    public static void PrintDiagnostics(IEnumerable<Diagnostic> diagnostics, TextWriter to)
    {
        foreach (var d in diagnostics)
        {
            to.WriteLine(d.ToString());
            if (d.Hint.Length > 0) to.WriteLine($"    hint: {d.Hint}");
        }
    }

    static void Print(IReadOnlyList<Diagnostic> diagnostics, int fileCount)
    {
        PrintDiagnostics(diagnostics, Console.Out);
        int errors = diagnostics.Count(d => d.IsError), warnings = diagnostics.Count - errors;
        string files = fileCount == 1 ? "1 spec file" : $"{fileCount} spec files";
        Console.WriteLine(diagnostics.Count == 0 ? $"{files} checked: no problems"
            : $"{files} checked: {errors} error(s), {warnings} warning(s)");
    }

    public static JsonArray ToJson(IEnumerable<Diagnostic> diagnostics) => new(diagnostics.Select(d => (JsonNode)new JsonObject
    {
        ["file"] = d.Span.File,
        ["line"] = d.Span.Line,
        ["column"] = d.Span.Column,
        ["end_line"] = d.Span.EndLine,
        ["end_column"] = d.Span.EndColumn,
        ["offset"] = d.Span.Offset,
        ["length"] = d.Span.Length,
        ["severity"] = d.IsError ? "error" : "warning",
        ["id"] = d.Id,
        ["message"] = d.Message,
        ["hint"] = d.Hint,
    }).ToArray());
}
