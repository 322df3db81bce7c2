namespace Midflight;

/// <summary>
/// One activation record as live objects, not in the snapshot's format: the variables a frame added
/// while the stack unwound for a capture, or those a snapshot's frame decoded into for the code that
/// resumes it. Capture keeps its frames this way until the snapshot is written, so that a capture
/// whose state cannot be written still has the stack to give back to the module.
/// </summary>
internal sealed record LiveFrame(string Method, int Site, IReadOnlyList<LiveVariable> Variables);

/// <summary>A frame's variable: its name, the type its code declares it with, and its value (boxed if a value type).</summary>
internal readonly record struct LiveVariable(string Name, Type Declared, object? Value);
