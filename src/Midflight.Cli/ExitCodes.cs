namespace Midflight.Cli;

/// <summary>What the exit code of a <c>midflight</c> command says happened (listed in docs/cli.md).</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The input is wrong: a missing file, a configuration with errors, a bad option.</summary>
    public const int InvalidInput = 1;

    /// <summary>The application could not be started: a module failed to build, load or install.</summary>
    public const int StartFailed = 2;

    /// <summary>The running node refused the request: the reconfiguration did not happen, and the message says why.</summary>
    public const int Refused = 3;

    /// <summary>The node's files are there, but the node does not answer: it stopped, or is not reachable.</summary>
    public const int Unreachable = 4;

    /// <summary>A rehearsal found that the new version would fail, or would write otherwise than the live module: the message says where; the application was not touched.</summary>
    public const int RehearsalFailed = 5;
}
