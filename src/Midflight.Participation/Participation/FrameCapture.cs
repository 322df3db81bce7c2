using Midflight.Model;
using Midflight.State;
using Midflight.State.Graph;

namespace Midflight;

/// <summary>One frame being captured: generated code adds its live variables, one call each.</summary>
public sealed class FrameCapture
{
    private readonly string _method;
    private readonly int _site;
    private readonly ObjectGraphWriter _writer;
    private readonly List<Slot> _variables = [];

    internal FrameCapture(string method, int site, ObjectGraphWriter writer)
    {
        _method = method;
        _site = site;
        _writer = writer;
    }

    public FrameCapture Add<T>(string name, T value)
    {
        _variables.Add(_writer.Slot(name, value));
        return this;
    }

    internal Frame ToFrame() => new(_method, _site, _variables.ToEquatableArray());
}
