using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Cpu.Benchmarks.InterpreterBenchmarks).Assembly).Run(args);
