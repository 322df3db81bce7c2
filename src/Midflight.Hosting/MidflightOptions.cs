using Midflight.Runtime;

namespace Midflight.Hosting;

/// <summary>
/// How the host runs its Midflight node: bound from the configuration section <see cref="Section"/>
/// (<c>appsettings.json</c>, environment variables, the command line) and then from the code given to
/// <see cref="MidflightServiceCollectionExtensions.AddMidflight"/>. Unset values keep the node's defaults.
/// </summary>
public sealed class MidflightOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string Section = "Midflight";

    /// <summary>The application's configuration file (<c>.mil</c>); a relative path starts at the host's content root.</summary>
    public string? Configuration { get; set; }

    /// <summary>The build configuration module projects are built in.</summary>
    public string BuildConfiguration { get; set; } = "Release";

    /// <inheritdoc cref="NodeOptions.HealthWindow"/>
    public TimeSpan? HealthWindow { get; set; }

    /// <inheritdoc cref="NodeOptions.ProgressTimeout"/>
    public TimeSpan? ProgressTimeout { get; set; }

    /// <inheritdoc cref="NodeOptions.QuiesceTimeout"/>
    public TimeSpan? QuiesceTimeout { get; set; }

    /// <inheritdoc cref="NodeOptions.StopTimeout"/>
    public TimeSpan? StopTimeout { get; set; }

    /// <inheritdoc cref="NodeOptions.QueueCapacity"/>
    public int? QueueCapacity { get; set; }

    /// <summary>
    /// Where the node's control endpoint listens, for the <c>midflight</c> command and other clients:
    /// on a port of its own on loopback (the default), or nowhere. An ASP.NET Core application can
    /// serve it in its own pipeline instead, with <c>app.MapMidflightControl()</c>.
    /// </summary>
    public ControlEndpointMode ControlEndpoint { get; set; } = ControlEndpointMode.Loopback;

    /// <summary>
    /// Public key files (PEM, from <c>midflight keys new</c>); relative paths start at the content root.
    /// When any is given, the node loads new code for a change only if one of these keys signed it,
    /// and refuses procedure updates (see <see cref="NodeOptions.TrustedKeys"/>).
    /// </summary>
    public string[] TrustedKeys { get; set; } = [];

    /// <summary>Whether the node records its reconfigurations in the event log beside the configuration, which <c>midflight log</c> reads.</summary>
    public bool EventLog { get; set; } = true;

    /// <summary>
    /// The last word on the node's options, in code: a cluster's membership, a fake clock, modules
    /// from assemblies built beforehand. It gets the options the settings above made.
    /// </summary>
    public Func<NodeOptions, NodeOptions>? ConfigureNode { get; set; }
}

/// <summary>Where a hosted node serves its control endpoint.</summary>
public enum ControlEndpointMode
{
    /// <summary>On a free loopback port of its own, as <c>midflight run</c> serves it.</summary>
    Loopback,

    /// <summary>Nowhere: the application changes its node in code alone.</summary>
    None,
}
