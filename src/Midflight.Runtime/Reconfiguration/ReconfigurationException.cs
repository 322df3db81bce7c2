namespace Midflight.Runtime;

/// <summary>
/// A reconfiguration that did not happen: the plan was invalid, a module could not be loaded, a
/// module did not reach a quiet moment in time, or a module failed to divulge or install its state.
/// The application is as it was before the reconfiguration was asked for.
/// </summary>
public sealed class ReconfigurationException : Exception
{
    public ReconfigurationException(string message) : base(message)
    {
    }

    public ReconfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ReconfigurationException()
    {
    }

    /// <summary>The 1-based number of the step that failed, when one step is to blame.</summary>
    public int? Step { get; private init; }

    internal static ReconfigurationException AtStep(int step, ReconfigurationStep what, string problem, Exception? inner = null) =>
        inner is null
            ? new($"step {step} ({what}): {problem}") { Step = step }
            : new($"step {step} ({what}): {problem}", inner) { Step = step };
}
