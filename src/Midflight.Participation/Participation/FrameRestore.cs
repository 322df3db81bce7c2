using System.Runtime.CompilerServices;
using Midflight.State;
using Midflight.State.Graph;

namespace Midflight;

/// <summary>One frame being restored: its resume site, and its variables for generated code to set again.</summary>
public sealed class FrameRestore
{
    private readonly Frame _frame;
    private readonly ObjectGraphReader _reader;

    internal FrameRestore(Frame frame, ObjectGraphReader reader)
    {
        _frame = frame;
        _reader = reader;
    }

    /// <summary>The capture site where this frame resumes.</summary>
    public int Site => _frame.ResumeSite;

    /// <exception cref="StateCaptureException">The frame has no such variable, or its value does not fit <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        foreach (var slot in _frame.Variables)
        {
            if (slot.Name == name)
            {
                return _reader.Read<T>(slot.Value);
            }
        }
        throw new StateCaptureException($"frame '{_frame.Method}' at site {Site} has no variable '{name}': the snapshot does not fit this version of the module");
    }

    /// <summary>Sets <paramref name="variable"/> if the frame holds it (a parameter is in a frame only where it is live).</summary>
    public void Load<T>(string name, ref T variable)
    {
        foreach (var slot in _frame.Variables)
        {
            if (slot.Name == name)
            {
                variable = _reader.Read<T>(slot.Value);
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
        foreach (var slot in _frame.Variables)
        {
            if (slot.Name == name)
            {
                variable = _reader.Read<T>(slot.Value);
                return;
            }
        }
        Unsafe.SkipInit(out variable);
    }

    /// <summary>For a site number the method does not have: the snapshot comes from other code.</summary>
    public StateCaptureException UnknownSite() =>
        new($"frame '{_frame.Method}' resumes at site {Site}, which this version of the method does not have");
}
