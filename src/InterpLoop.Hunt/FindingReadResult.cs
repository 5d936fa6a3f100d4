namespace InterpLoop.Hunt;

/// <summary>A finding file read: the finding, or every problem found, each led by the file's path.</summary>
public sealed record FindingReadResult(string Path, Finding? Finding, IReadOnlyList<string> Errors)
{
    public bool Ok => Finding is not null && Errors.Count == 0;
}
