using System.Collections.Immutable;
using Midflight.Model.Diagnostics;

namespace Midflight.Hosting;

/// <summary>The application's configuration file could not be read, or has errors: the node did not start.</summary>
public sealed class MidflightConfigurationException : Exception
{
    public MidflightConfigurationException(string message, ImmutableArray<Diagnostic> diagnostics = default, Exception? innerException = null)
        : base(message, innerException)
    {
        Diagnostics = diagnostics.IsDefault ? [] : diagnostics;
    }

    public MidflightConfigurationException()
        : this("the configuration could not be read")
    {
    }

    public MidflightConfigurationException(string message)
        : this(message, [], innerException: null)
    {
    }

    public MidflightConfigurationException(string message, Exception innerException)
        : this(message, [], innerException)
    {
    }

    /// <summary>What the parser found, on their lines; empty when the file could not be read at all.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }
}
