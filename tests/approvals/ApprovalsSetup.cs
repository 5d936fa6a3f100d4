using ApprovalTests.Reporters;

// No diff tool on CI: print the command that accepts a received file instead of launching one.
[assembly: UseReporter(typeof(QuietReporter))]
