namespace Midflight.Runtime;

/// <summary>Where the lines modules print go; the command line writes them to the console with the instance's name.</summary>
public interface IModuleOutput
{
    void Print(string instance, string text);
}
