using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Midflight.Control;

/// <summary>
/// The tokens a node accepts besides its own, each with its rights (<see cref="ControlGrant"/>), kept in
/// <see cref="ControlFiles.GrantsFile"/>, readable by the node's user only. The node reads the file on
/// each request, so a token added or removed counts at once, without a restart. A token is shown once,
/// when it is made; the file keeps its SHA-256.
/// </summary>
public static class ControlGrants
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The grants in the node's file; none if it has none.</summary>
    /// <exception cref="InvalidDataException">The file is not a list of grants.</exception>
    public static ImmutableArray<ControlGrant> Read(ControlFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (!File.Exists(files.GrantsFile))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<ImmutableArray<ControlGrant>>(File.ReadAllText(files.GrantsFile), Json) is { IsDefault: false } grants
                ? grants
                : throw new InvalidDataException($"{files.GrantsFile} holds no list of grants");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{files.GrantsFile} is not a list of grants: {exception.Message}", exception);
        }
    }

    /// <summary>Makes a token with <paramref name="right"/> under <paramref name="name"/>, keeps its grant, and returns the token: the only time it is shown.</summary>
    /// <exception cref="ArgumentException">The name is taken, or is the owner's, or instances are named for a right other than change.</exception>
    public static string Add(ControlFiles files, string name, ControlRight right, IEnumerable<string>? instances = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ImmutableArray<string> named = [.. instances ?? []];
        if (!named.IsEmpty && right != ControlRight.Change)
        {
            throw new ArgumentException($"instances are named only for a token that may change them, not for one that may {(right == ControlRight.Read ? "only read" : "run scripts")}", nameof(instances));
        }
        var grants = Read(files);
        if (name == ControlGrant.Owner || grants.Any(g => g.Name == name))
        {
            throw new ArgumentException($"a token named '{name}' exists already: remove it first, or choose another name", nameof(name));
        }
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        Write(files, grants.Add(new ControlGrant(name, right, named, HashOf(token))));
        return token;
    }

    /// <returns>Whether a token of that name was there.</returns>
    public static bool Remove(ControlFiles files, string name)
    {
        var grants = Read(files);
        var kept = grants.RemoveAll(g => g.Name == name);
        Write(files, kept);
        return kept.Length < grants.Length;
    }

    /// <summary>The grant of <paramref name="presented"/>, compared in constant time with each kept hash; null if no grant has it.</summary>
    public static ControlGrant? Find(ImmutableArray<ControlGrant> grants, string presented)
    {
        var hash = Encoding.ASCII.GetBytes(HashOf(presented));
        ControlGrant? found = null;
        foreach (var grant in grants)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(grant.TokenHash)))
            {
                found = grant;
            }
        }
        return found;
    }

    private static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static void Write(ControlFiles files, ImmutableArray<ControlGrant> grants)
    {
        PrivateFolder.Create(files.Directory);
        PrivateFolder.Write(files.GrantsFile, JsonSerializer.Serialize(grants, Json));
    }
}
