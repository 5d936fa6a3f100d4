using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In process: the build's TorchSharp fix (build/LibTorchSharpGlibcxxFix.targets) applies to this project's output,
// not to the projects BenchmarkDotNet would otherwise generate elsewhere.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(InterpLoop.Benchmarks.RlStepBenchmarks).Assembly).Run(args, config);
