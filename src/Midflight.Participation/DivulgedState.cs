namespace Midflight;

/// <summary>
/// The state a module divulges when it is replaced and installs when it takes over: named values,
/// machine-independent like messages. Modules fill it in <see cref="ModuleBase.Divulge"/> and read it
/// in <see cref="ModuleBase.Install"/> (manual participation).
/// </summary>
public sealed class DivulgedState
{
    private readonly Dictionary<string, Value> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Value> Values => _values;

    public void Set(string name, Value value) => _values[name] = value;

    public bool Contains(string name) => _values.ContainsKey(name);

    public Value Get(string name) =>
        _values.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"the divulged state has no value '{name}'; it has: {string.Join(", ", _values.Keys)}");

    public T Get<T>(string name) => Get(name).As<T>();
}
