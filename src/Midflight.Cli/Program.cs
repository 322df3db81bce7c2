using Midflight.Cli;
using Spectre.Console;

using var logging = MidflightCommand.ConsoleLogging();
var console = AnsiConsole.Console;
if (!console.Profile.Out.IsTerminal)
{
    // Off a terminal Spectre would wrap at 80 columns: lines stay whole there (tables too, see TableOutput).
    console.Profile.Width = TableOutput.Unwrapped;
}
var command = MidflightCommand.Create(console, Console.Error, logging);
// No termination handling of the parser's: `run` stops its node itself on a signal (see StopSignal),
// and the other verbs have nothing to clean up, a change in progress being cancelled by the node
// when its caller goes away.
return await command.InvokeAsync(args, new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = null });
