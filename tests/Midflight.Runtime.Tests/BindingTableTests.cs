using CsCheck;
using Midflight.Model;
using Midflight.Runtime.Hosting;
using Midflight.Testing;

namespace Midflight.Runtime.Tests;

/// <summary>
/// The running application's bindings as a persistent table: after any run of changes it holds what
/// a plain list changed the same way holds, in the same order, and its index by instance agrees.
/// </summary>
public sealed class BindingTableTests
{
    private static readonly string[] Instances = ["a", "b", "c", "d"];

    private static readonly Gen<BindingSpec> Binding =
        Gen.Select(Gen.Int[0, Instances.Length - 1], Gen.Int[0, Instances.Length - 1], Gen.Int[0, 1], (from, to, face) =>
            new BindingSpec(new Endpoint(Instances[from], $"out{face}"), new Endpoint(Instances[to], "in")));

    /// <summary>A change: how many of the bindings there are to remove (picked by position), and those to add.</summary>
    private static readonly Gen<(int[] Removed, BindingSpec[] Added)[]> Changes =
        Gen.Select(Gen.Int[0, 20].Array[0, 3], Binding.Array[0, 4]).Array[1, 12];

    [Fact]
    public void A_run_of_changes_leaves_what_a_list_changed_alike_holds_in_its_order_and_indexed_by_instance() =>
        Changes.SamplePinned(changes =>
        {
            var table = BindingTable.Empty;
            var list = new List<BindingSpec>();
            foreach (var (removed, added) in changes)
            {
                var gone = removed.Where(i => i < list.Count).Select(i => list[i]).Distinct().ToList();
                var made = added.Distinct().Where(b => !list.Contains(b) || gone.Contains(b)).ToList();
                var before = table;
                var listBefore = list.ToList();

                table = table.With(gone, made);
                list.RemoveAll(gone.Contains);
                list.AddRange(made);

                Assert.Equal(list, table);
                Assert.Equal(list.Count, table.Count);
                Assert.Equal(listBefore, before); // persistent: the table before the change is as it was
                foreach (var instance in Instances)
                {
                    Assert.Equal(list.Where(b => b.From.Instance == instance || b.To.Instance == instance), table.Touching(instance));
                    Assert.Equal(list.Where(b => b.From == new Endpoint(instance, "out0")), table.From(new Endpoint(instance, "out0")));
                }
                Assert.All(list, b => Assert.True(table.Contains(b)));
            }
        }, seed: "0N0XIzNsQ0O2", iter: 500);
}
