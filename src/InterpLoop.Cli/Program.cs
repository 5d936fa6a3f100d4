using InterpLoop.Cli;

return CommandLine.Build().Run(args);
