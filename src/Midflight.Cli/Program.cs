using System.CommandLine;
using Midflight.Cli;
using Spectre.Console;

using var logging = MidflightCommand.ConsoleLogging();
var command = MidflightCommand.Create(AnsiConsole.Console, Console.Error, logging);
// Ctrl+C cancels the running verb, which then stops its modules; give it the time that takes.
return await command.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(15) });
