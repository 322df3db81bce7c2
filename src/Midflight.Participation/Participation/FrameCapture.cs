namespace Midflight;

/// <summary>One frame being captured: generated code adds its live variables, one call each.</summary>
/// <remarks>
/// Adding only keeps the value: nothing can fail while the stack unwinds, so a frame is never half
/// taken. The values are written into the snapshot format afterwards, when the whole stack is held.
/// </remarks>
public sealed class FrameCapture
{
    private readonly string _method;
    private readonly int _site;
    private readonly List<LiveVariable> _variables = [];

    internal FrameCapture(string method, int site)
    {
        _method = method;
        _site = site;
    }

    public FrameCapture Add<T>(string name, T value)
    {
        _variables.Add(new LiveVariable(name, typeof(T), value));
        return this;
    }

    internal LiveFrame ToFrame() => new(_method, _site, _variables);
}
