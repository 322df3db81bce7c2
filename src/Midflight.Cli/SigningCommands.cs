using System.CommandLine;
using Midflight.Runtime.Signing;
using Spectre.Console;

namespace Midflight.Cli;

/// <summary>
/// <c>midflight keys new NAME</c> makes a signing key pair; <c>midflight sign ASSEMBLY --key NAME.key</c>
/// signs a module's build, which a node started with <c>--trust NAME.pub</c> then accepts for a change.
/// </summary>
internal static class SigningCommands
{
    public static IEnumerable<Command> Create(IAnsiConsole console, TextWriter errors)
    {
        var name = new Argument<string>("name") { Description = "The key's name: NAME.key (private) and NAME.pub (public) are written" };
        var folder = new Option<DirectoryInfo>("--out") { Description = "Where to write them (default: the current folder)" };
        var create = new Command("new", "Make an ECDSA P-256 key pair for signing modules: NAME.key, readable by you alone, and NAME.pub, to give to nodes") { name, folder };
        create.SetAction(parseResult =>
        {
            var where = parseResult.GetValue(folder)?.FullName ?? Environment.CurrentDirectory;
            var key = Path.Combine(where, parseResult.GetValue(name)!);
            try
            {
                var id = SigningKey.Create(key + ".key", key + ".pub");
                console.MarkupLine($"key {id}: private {Markup.Escape(key)}.key (keep it; it signs code nodes will run), public {Markup.Escape(key)}.pub (give it to nodes: midflight run … --trust {Markup.Escape(Path.GetFileName(key))}.pub)");
                return ExitCodes.Success;
            }
            catch (IOException exception)
            {
                errors.WriteLine($"{key}.key: error: {exception.Message} (a key is never overwritten)");
                return ExitCodes.InvalidInput;
            }
        });
        yield return new Command("keys", "Keys that sign module code") { create };

        var assembly = new Argument<FileInfo>("assembly") { Description = "The module's built assembly (bin/…/X.dll); every assembly beside it is signed with it" };
        var privateKey = new Option<FileInfo>("--key") { Description = "The private key (NAME.key from 'midflight keys new')", Required = true };
        var sign = new Command("sign", "Sign a module's build, for nodes that load only signed code (run --trust): writes X.dll.sig beside it") { assembly, privateKey };
        sign.SetAction(parseResult =>
        {
            var target = parseResult.GetValue(assembly)!;
            var keyFile = parseResult.GetValue(privateKey)!;
            if (!InputFile.Exists(target, errors) || !InputFile.Exists(keyFile, errors))
            {
                return ExitCodes.InvalidInput;
            }
            try
            {
                using var key = SigningKey.Load(keyFile.FullName, isPrivate: true);
                var signature = CodeSignature.Sign(target.FullName, key);
                var path = CodeSignature.PathOf(target.FullName);
                signature.Write(path);
                console.MarkupLine($"signed {Markup.Escape(target.Name)} with key {signature.Key}, covering {Counted.Of(signature.Files.Count, "assembly file")} of its folder: {Markup.Escape(path)}");
                return ExitCodes.Success;
            }
            catch (UntrustedCodeException exception)
            {
                InputFile.Report(keyFile, errors, exception.Message);
                return ExitCodes.InvalidInput;
            }
        });
        yield return sign;
    }
}
