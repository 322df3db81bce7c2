namespace Midflight.State.Graph;

/// <summary>
/// A value that cannot be put in a snapshot, or a snapshot value that cannot be made into the object
/// the new code expects. <see cref="Exception.Message"/> names where the value stands — the field,
/// frame and variable, and the way through the objects they reach — before saying what is wrong.
/// </summary>
public sealed class StateCaptureException : Exception
{
    private readonly string _problem;

    public StateCaptureException(string message) : this(message, [], null)
    {
    }

    public StateCaptureException(string message, Exception innerException) : this(message, [], innerException)
    {
    }

    public StateCaptureException() : this("the state cannot be captured", [], null)
    {
    }

    private StateCaptureException(string problem, IReadOnlyList<string> path, Exception? innerException)
        : base(path.Count == 0 ? problem : $"{string.Join(" → ", path)}: {problem}", innerException)
    {
        _problem = problem;
        Path = path;
    }

    /// <summary>Where the value stands, outermost first: <c>field '_grid'</c>, <c>[3]</c>, <c>'Next'</c>.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>The same problem, one step further out: thrown again by whoever reached the value through <paramref name="step"/>.</summary>
    public StateCaptureException Within(string step) => new(_problem, [step, .. Path], InnerException);
}
