using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Disk.Benchmarks.GuestDiskThroughput).Assembly).Run(args);
