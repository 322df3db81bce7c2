namespace Midflight.Runtime.Loading;

/// <summary>
/// A version of a module's code as it was built: its assembly's bytes, and the file they came from,
/// beside which its dependencies are found. Kept so that a rollback can load exactly that version
/// again, whatever has become of the file since.
/// </summary>
internal sealed record ModuleImage(string AssemblyPath, byte[] Bytes);
