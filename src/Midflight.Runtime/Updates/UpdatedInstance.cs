using Midflight.Model;
using Midflight.Runtime.Hosting;
using Midflight.Runtime.Loading;

namespace Midflight.Runtime.Updates;

/// <summary>
/// An instance whose code a reconfiguration changed, and what a backout needs to reinstate the old
/// version: its specification, its code (a reference held until the health window ends, so that it
/// stays loaded), and the state it gave up at the switch, installed again in the old version:
/// the snapshot it was stopped with, or what it divulged.
/// </summary>
internal sealed record UpdatedInstance(ModuleHost Host, ModuleSpec OldSpec, ModuleCode OldCode, Func<ModuleRef, InstallState> StateAtSwitch);
