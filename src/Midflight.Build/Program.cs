using System.CommandLine;
using Midflight.Build;

return await PrepareCommand.Create(Console.Out, Console.Error).Parse(args).InvokeAsync();
