namespace InterpLoop.Properties.Docs;

/// <summary>
/// A section of a committed document that is generated from code (between two marker lines), checked by a
/// test so it cannot drift. Run the test with INTERPLOOP_ACCEPT_DOCS=1 to rewrite a stale section.
/// </summary>
internal static class GeneratedDocSection
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "InterpLoop.sln"))) return dir.FullName;
        throw new InvalidOperationException("InterpLoop.sln not found above " + AppContext.BaseDirectory);
    }

    /// <param name="expected">The whole section, markers included.</param>
    public static void AssertCurrent(string relativePath, string begin, string end, string expected)
    {
        var path = Path.Combine(RepositoryRoot(), relativePath);
        var doc = File.ReadAllText(path);
        int from = doc.IndexOf(begin, StringComparison.Ordinal), to = doc.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"{relativePath} lacks the markers {begin} … {end}");
        var current = doc.Substring(from, to + end.Length - from);
        if (current != expected && Environment.GetEnvironmentVariable("INTERPLOOP_ACCEPT_DOCS") == "1")
        {
            File.WriteAllText(path, doc.Substring(0, from) + expected + doc.Substring(to + end.Length));
            return;
        }
        Assert.True(current == expected,
            $"{relativePath}'s generated section is stale; regenerate it with INTERPLOOP_ACCEPT_DOCS=1 dotnet test tests/properties. Expected:\n{expected}");
    }
}
