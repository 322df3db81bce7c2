namespace Midflight.Benchmarks;

/// <summary>A harness's command line names a switch it does not take, or gives one a wrong value.</summary>
internal sealed class SwitchException(string message) : ArgumentException(message);
