namespace Midflight.Examples.Banking;

/// <summary>Figure 1-2's inner module: a name is stored in 40 characters, of the up to 80 a request carries.</summary>
public static class NameStorage
{
    public const int NameSize = 40;

    public static string ChangeIntoName(string str) => str.Length <= NameSize ? str : str[..NameSize];
}
