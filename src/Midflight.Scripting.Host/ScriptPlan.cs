using System.Collections.Immutable;
using Midflight.Runtime;

namespace Midflight.Scripting;

/// <summary>
/// What the script's process hands back: the steps the script planned, or, when it does not compile
/// or throws while planning, why it has none.
/// </summary>
internal sealed record ScriptPlan(ImmutableArray<ReconfigurationStep> Steps, string? Error);
