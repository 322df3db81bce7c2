namespace Midflight.Cli;

/// <summary>The files commands read: each missing one is reported the same way, as compilers report theirs.</summary>
internal static class InputFile
{
    /// <returns>Whether the file exists; when it does not, the error is written.</returns>
    public static bool Exists(FileInfo file, TextWriter errors)
    {
        if (file.Exists)
        {
            return true;
        }
        Report(file, errors, Directory.Exists(file.FullName) ? "it is a directory, not a file" : "the file does not exist");
        return false;
    }

    public static void Report(FileInfo file, TextWriter errors, string problem) => errors.WriteLine($"{file.FullName}: error: {problem}");
}
