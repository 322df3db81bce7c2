using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Midflight.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
