using System.Collections;
using System.Collections.Immutable;
using Midflight.Model;

namespace Midflight.Runtime.Hosting;

/// <summary>
/// The bindings of a running application, in the order they were made (the order a status lists
/// them, and a writer's targets are written to), indexed by the instances they join.
/// </summary>
/// <remarks>
/// Persistent: <see cref="With"/> makes a new table that shares all but a few tree paths with the
/// old one, so a reconfiguration pays for the bindings it changes, not for every binding of the
/// application. Each binding is numbered as it is made; the numbers give the order.
/// </remarks>
internal sealed class BindingTable : IReadOnlyCollection<BindingSpec>
{
    private readonly ImmutableSortedDictionary<long, BindingSpec> _inOrder;
    private readonly ImmutableDictionary<BindingSpec, long> _numbers;
    private readonly ImmutableDictionary<string, ImmutableSortedSet<long>> _byInstance;
    private readonly long _next;
    private ImmutableArray<BindingSpec> _listed;

    private BindingTable(ImmutableSortedDictionary<long, BindingSpec> inOrder, ImmutableDictionary<BindingSpec, long> numbers,
        ImmutableDictionary<string, ImmutableSortedSet<long>> byInstance, long next) =>
        (_inOrder, _numbers, _byInstance, _next) = (inOrder, numbers, byInstance, next);

    public static BindingTable Empty { get; } = new(
        ImmutableSortedDictionary<long, BindingSpec>.Empty,
        ImmutableDictionary<BindingSpec, long>.Empty,
        ImmutableDictionary.Create<string, ImmutableSortedSet<long>>(StringComparer.Ordinal),
        0);

    public int Count => _numbers.Count;

    /// <summary>
    /// Every binding, in order: made once per table, on first use (a status), so that two looks at an
    /// application no change came between give the same array, as they did when the state held one.
    /// </summary>
    public ImmutableArray<BindingSpec> Listed => _listed.IsDefault ? _listed = [.. _inOrder.Values] : _listed;

    public bool Contains(BindingSpec binding) => _numbers.ContainsKey(binding);

    /// <summary>The bindings with <paramref name="instance"/> at either end, in the order they were made.</summary>
    public IEnumerable<BindingSpec> Touching(string instance) =>
        _byInstance.TryGetValue(instance, out var numbers) ? numbers.Select(n => _inOrder[n]) : [];

    /// <summary>The bindings that <paramref name="endpoint"/> writes on, in the order they were made.</summary>
    public IEnumerable<BindingSpec> From(Endpoint endpoint) => Touching(endpoint.Instance).Where(b => b.From == endpoint);

    /// <summary>This table less <paramref name="removed"/> (each one of its bindings), then with <paramref name="added"/> made after the rest.</summary>
    public BindingTable With(IEnumerable<BindingSpec> removed, IEnumerable<BindingSpec> added)
    {
        var inOrder = _inOrder.ToBuilder();
        var numbers = _numbers.ToBuilder();
        var byInstance = _byInstance.ToBuilder();
        var next = _next;
        foreach (var binding in removed)
        {
            var number = numbers[binding];
            numbers.Remove(binding);
            inOrder.Remove(number);
            foreach (var instance in Ends(binding))
            {
                var left = byInstance[instance].Remove(number);
                if (left.IsEmpty)
                {
                    byInstance.Remove(instance);
                }
                else
                {
                    byInstance[instance] = left;
                }
            }
        }
        foreach (var binding in added)
        {
            var number = next++;
            numbers.Add(binding, number);
            inOrder.Add(number, binding);
            foreach (var instance in Ends(binding))
            {
                byInstance[instance] = byInstance.TryGetValue(instance, out var those) ? those.Add(number) : [number];
            }
        }
        return new BindingTable(inOrder.ToImmutable(), numbers.ToImmutable(), byInstance.ToImmutable(), next);
    }

    /// <summary>A table of <paramref name="bindings"/>, in their order.</summary>
    public static BindingTable Of(IEnumerable<BindingSpec> bindings) => Empty.With([], bindings);

    private static IEnumerable<string> Ends(BindingSpec binding) =>
        binding.From.Instance == binding.To.Instance ? [binding.From.Instance] : [binding.From.Instance, binding.To.Instance];

    public IEnumerator<BindingSpec> GetEnumerator() => _inOrder.Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
