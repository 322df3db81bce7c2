namespace Midflight.Scripting;

/// <summary>
/// The private folder through which the node and a script's process talk: the node writes the job,
/// the process writes the plan. Files rather than the process's standard output, which is the
/// script's own to print on.
/// </summary>
internal sealed record ScriptFiles(string Folder)
{
    public string Job => Path.Combine(Folder, "job.json");

    public string Plan => Path.Combine(Folder, "plan.json");
}
