using Midflight.Runtime;

namespace Midflight.Scripting;

/// <summary>
/// What the node hands the script's process: the script (its file name, for errors, and its text),
/// its arguments, and the application as it was when the script was asked for.
/// </summary>
internal sealed record ScriptJob(string Name, string Code, IReadOnlyDictionary<string, string> Args, ApplicationStatus Application);
