namespace Midflight.Runtime;

/// <summary>A stable store in memory: what survives a node's restart in the same process, for tests and embedding.</summary>
public sealed class MemoryStableStore : IStableStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Application, string Instance), StableRecord> _records = [];

    public IReadOnlyList<StableRecord> Read(string application)
    {
        lock (_gate)
        {
            return [.. _records.Where(r => r.Key.Application == application).Select(r => r.Value).OrderBy(r => r.Instance, StringComparer.Ordinal)];
        }
    }

    public void Write(string application, IReadOnlyList<StableRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            foreach (var record in records)
            {
                _records[(application, record.Instance)] = record;
            }
        }
    }

    public void WriteState(string application, string instance, string hash, ReadOnlyMemory<byte> state, DateTimeOffset at)
    {
        lock (_gate)
        {
            if (!_records.TryGetValue((application, instance), out var record) || record.Version.Hash != hash)
            {
                throw new StableStoreException($"the stable store holds no record of '{instance}' in the version it runs ({StableVersion.Short(hash)}): its state was not written");
            }
            _records[(application, instance)] = record with { State = state.ToArray(), At = at };
        }
    }

    public int Forget(string application, string group)
    {
        lock (_gate)
        {
            var members = _records.Where(r => r.Key.Application == application && r.Value.Group == group).Select(r => r.Key).ToList();
            members.ForEach(key => _records.Remove(key));
            return members.Count;
        }
    }
}
