namespace InterpLoop.Cli;

/// <summary>Spec files named on a command line: files as given, folders searched for *.ilspec (sorted, so every run sees one order).</summary>
internal static class SpecPaths
{
    /// <returns>The files, or the first path that is neither a file nor a folder.</returns>
    public static (IReadOnlyList<string> Files, string? Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.ilspec", SearchOption.AllDirectories)
                    .Select(f => f.Replace('\\', '/')).Order(StringComparer.Ordinal));
            else if (File.Exists(path)) files.Add(path.Replace('\\', '/'));
            else return (files, path);
        }
        return (files.Distinct().ToList(), null);
    }
}
