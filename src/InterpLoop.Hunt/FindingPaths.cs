namespace InterpLoop.Hunt;

/// <summary>
/// Where a spec's `status refuted by "findings/x.json"` points: relative to the spec's folder or any folder above
/// it, so `findings/x.json` in spec/atlas.ilspec finds the repository's findings/ wherever a command runs from.
/// </summary>
public static class FindingPaths
{
    public static string? Resolve(string specPath, string finding)
    {
        if (Path.IsPathRooted(finding)) return File.Exists(finding) ? finding : null;
        for (var dir = Path.GetDirectoryName(Path.GetFullPath(specPath)); dir != null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, finding);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
