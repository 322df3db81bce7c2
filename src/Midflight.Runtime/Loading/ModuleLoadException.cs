namespace Midflight.Runtime;

/// <summary>A module's code could not be built, found, loaded or instantiated.</summary>
public sealed class ModuleLoadException : Exception
{
    public ModuleLoadException(string message) : base(message)
    {
    }

    public ModuleLoadException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ModuleLoadException()
    {
    }
}
