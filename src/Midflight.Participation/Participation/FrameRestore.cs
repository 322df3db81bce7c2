using System.Runtime.CompilerServices;
using Midflight.State.Graph;

namespace Midflight;

/// <summary>One frame being restored: its resume site, and its variables for generated code to set again.</summary>
/// <remarks>
/// The variables were made into objects before the module ran again — decoded from the snapshot before
/// the reconfiguration committed, or kept from the module's own capture — so setting them cannot fail
/// on a value the snapshot holds; only a frame that does not fit the code can.
/// </remarks>
public sealed class FrameRestore
{
    private readonly LiveFrame _frame;

    internal FrameRestore(LiveFrame frame) => _frame = frame;

    /// <summary>The capture site where this frame resumes.</summary>
    public int Site => _frame.Site;

    /// <exception cref="StateCaptureException">The frame has no such variable, or its value does not fit <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        foreach (var variable in _frame.Variables)
        {
            if (variable.Name == name)
            {
                return As<T>(variable);
            }
        }
        throw new StateCaptureException($"frame '{_frame.Method}' at site {Site} has no variable '{name}': the snapshot does not fit this version of the module");
    }

    /// <summary>Sets <paramref name="variable"/> if the frame holds it (a parameter is in a frame only where it is live).</summary>
    public void Load<T>(string name, ref T variable)
    {
        foreach (var held in _frame.Variables)
        {
            if (held.Name == name)
            {
                variable = As<T>(held);
                return;
            }
        }
    }

    /// <summary>
    /// As <see cref="Load{T}"/>, for an <c>out</c> parameter: where the frame does not hold it, the
    /// caller's variable it stands for keeps its value, which its own frame restored.
    /// </summary>
    public void LoadOut<T>(string name, out T variable)
    {
        foreach (var held in _frame.Variables)
        {
            if (held.Name == name)
            {
                variable = As<T>(held);
                return;
            }
        }
        Unsafe.SkipInit(out variable);
    }

    private T As<T>(LiveVariable variable) => variable.Value switch
    {
        T value => value,
        null when default(T) is null => default!,
        _ => throw new StateCaptureException(
            $"frame '{_frame.Method}' at site {Site}: variable '{variable.Name}' holds {(variable.Value is null ? "null" : $"a '{variable.Value.GetType()}'")}, which this version of the method cannot take as a '{typeof(T)}'"),
    };

    /// <summary>For a site number the method does not have: the snapshot comes from other code.</summary>
    public StateCaptureException UnknownSite() =>
        new($"frame '{_frame.Method}' resumes at site {Site}, which this version of the method does not have");
}
