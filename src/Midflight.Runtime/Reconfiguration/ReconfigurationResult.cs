namespace Midflight.Runtime;

/// <summary>
/// What a committed reconfiguration cost: its whole duration, and how long the modules it paused
/// were held (zero when it paused none, as when an application starts).
/// </summary>
public sealed record ReconfigurationResult(int Steps, TimeSpan Duration, TimeSpan Paused);
