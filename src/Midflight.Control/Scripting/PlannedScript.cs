using Midflight.Runtime;

namespace Midflight.Control;

/// <summary>What a reconfiguration script planned, not yet carried out, and what it printed while it planned.</summary>
public sealed record PlannedScript(Reconfiguration Plan, string Output);
