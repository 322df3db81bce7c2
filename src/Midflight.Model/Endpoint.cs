namespace Midflight.Model;

/// <summary>One side of a binding: an interface of a module instance, written <c>"compute display"</c>.</summary>
public readonly record struct Endpoint(string Instance, string Interface)
{
    /// <summary>Reads <c>"instance interface"</c>; returns false when the text is not two names.</summary>
    public static bool TryParse(string text, out Endpoint endpoint)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && parts.All(Lexicon.IsIdentifier))
        {
            endpoint = new Endpoint(parts[0], parts[1]);
            return true;
        }
        endpoint = default;
        return false;
    }

    public override string ToString() => $"{Instance} {Interface}";
}
