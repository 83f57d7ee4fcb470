using BenchmarkDotNet.Running;

if (args.Length > 0 && args[0] == "--qemu")
    return Cpu.Benchmarks.QemuComparison.Run(args);

BenchmarkSwitcher.FromAssembly(typeof(Cpu.Benchmarks.InterpreterBenchmarks).Assembly).Run(args);
return 0;
