using System.Collections.Frozen;
using System.Reflection;

namespace Midflight.Runtime.Updates;

/// <summary>The <see cref="InterfaceAdapterAttribute"/> methods of a module class, as the bus calls them.</summary>
internal sealed class InterfaceAdapters
{
    private readonly FrozenDictionary<(string Interface, bool Replies), Func<Message, Message>> _adapters;

    private InterfaceAdapters(FrozenDictionary<(string Interface, bool Replies), Func<Message, Message>> adapters) => _adapters = adapters;

    public static InterfaceAdapters None { get; } = new(FrozenDictionary<(string, bool), Func<Message, Message>>.Empty);

    /// <exception cref="ModuleLoadException">An adapter does not have the signature <c>static Message M(Message)</c>.</exception>
    public static InterfaceAdapters Of(Type moduleType)
    {
        var adapters = new Dictionary<(string, bool), Func<Message, Message>>();
        foreach (var method in moduleType.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
        {
            foreach (var adapter in method.GetCustomAttributes<InterfaceAdapterAttribute>())
            {
                if (method.ReturnType != typeof(Message) || method.GetParameters() is not [{ ParameterType: var parameter }] || parameter != typeof(Message))
                {
                    throw new ModuleLoadException($"interface adapter '{moduleType.Name}.{method.Name}' must be 'static Message {method.Name}(Message message)'");
                }
                adapters[(adapter.Interface, adapter.Replies)] = method.CreateDelegate<Func<Message, Message>>();
            }
        }
        return adapters.Count == 0 ? None : new(adapters.ToFrozenDictionary());
    }

    /// <summary>The adapter of an interface's requests or messages (<paramref name="replies"/> false) or of its replies, or null.</summary>
    public Func<Message, Message>? For(string interfaceName, bool replies) => _adapters.GetValueOrDefault((interfaceName, replies));
}
