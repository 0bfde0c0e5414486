using BenchmarkDotNet.Running;
using TeamsBot.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(DlpScanBenchmarks).Assembly).Run(args);
