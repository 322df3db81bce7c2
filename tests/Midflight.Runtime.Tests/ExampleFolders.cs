namespace Midflight.Runtime.Tests;

/// <summary>
/// The examples' own folders in the repository, as built: a procedure update compiles against a
/// project's sources and the global usings its build generated under obj/, which the copies beside
/// the tests do not have.
/// </summary>
internal static class ExampleFolders
{
    public static string Of(string example)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Midflight.slnx")))
            {
                return Path.Combine(folder.FullName, "examples", example);
            }
        }
        throw new InvalidOperationException("the tests run outside the repository: no Midflight.slnx above " + AppContext.BaseDirectory);
    }
}
