using System.Globalization;
using Akka.Configuration;

namespace Midflight.Cluster;

/// <summary>The Akka configuration of a node: cluster provider, its address, its role, failure detection and downing.</summary>
internal static class AkkaSettings
{
    /// <summary>The role that carries a node's Midflight name, so that every member knows every other by it.</summary>
    public const string RolePrefix = "midflight-node:";

    /// <summary>
    /// The largest frame a node takes: a move sends an instance's code ahead in one Akka.Remote frame,
    /// and its snapshot to the target's dock in one frame too; a module with megabytes of state must move.
    /// </summary>
    public const int MaximumFrameSize = 256 * 1024 * 1024;

    public static Config For(ClusterOptions options)
    {
        var pause = options.FailureDetection.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        // Twice the pause: a node starved on a loaded machine comes back before it is taken out.
        var stable = (options.FailureDetection * 2).TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        // Loss is decided by Akka's split-brain resolver (keep-majority): a node that stays unreachable
        // for the stable-after time is downed and removed, and its instances reported lost.
        return ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = ERROR
              stdout-loglevel = ERROR
              actor.provider = cluster
              # A node started before its seed tries again soon, not after the default 5 s.
              remote.retry-gate-closed-for = 500ms
              # A node that stops ends its associations: not an error; the cluster's events say what happened.
              remote.log-remote-lifecycle-events = off
              remote.dot-netty.tcp {
                hostname = "{{options.Host}}"
                port = {{options.Port}}
                maximum-frame-size = {{MaximumFrameSize}}b
                send-buffer-size = {{MaximumFrameSize}}b
                receive-buffer-size = {{MaximumFrameSize}}b
              }
              cluster {
                seed-node-timeout = 1s
                retry-unsuccessful-join-after = 1s
                roles = ["{{RolePrefix}}{{options.NodeName}}"]
                log-info = off
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{stable}}ms
                }
                failure-detector {
                  heartbeat-interval = 500ms
                  acceptable-heartbeat-pause = {{pause}}ms
                }
              }
              coordinated-shutdown.run-by-clr-shutdown-hook = off
              # A node leaves the cluster when it is disposed, explicitly; a system terminated otherwise (a join that failed, a test's crash) just stops.
              coordinated-shutdown.run-by-actor-system-terminate = off
            }
            """);
    }
}
