namespace Midflight.Cluster;

/// <summary>A node could not get into its cluster: wrong options, no seed answering, or a name taken.</summary>
public sealed class ClusterJoinException : Exception
{
    public ClusterJoinException()
    {
    }

    public ClusterJoinException(string message)
        : base(message)
    {
    }

    public ClusterJoinException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
