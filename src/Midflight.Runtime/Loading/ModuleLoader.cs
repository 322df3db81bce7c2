using System.Collections.Immutable;
using Midflight.Model;
using Midflight.Runtime.Signing;

namespace Midflight.Runtime.Loading;

/// <summary>
/// Resolves a module's <c>source</c> to loaded code: builds a project if need be, and loads each
/// version of each module's code into a collectible context of its own, shared by the instances of
/// that module. A version is the assembly's content: rebuilding changes it, copying a file does not.
/// With <paramref name="trustedKeys"/>, every version loaded once the application has been launched
/// must be signed by one of them (<see cref="TrustedKeys.Verify"/>); the launch's own code is the
/// node's, and trusted as it is.
/// </summary>
internal sealed class ModuleLoader(IProjectBuilder projectBuilder, string baseDirectory, TrustedKeys? trustedKeys = null)
{
    private readonly Dictionary<string, ModuleCode> _loaded = [];
    private readonly Lock _lock = new();

    // The versions this node trusts already: its launch's (null: trusted as they are), and those whose
    // signatures it verified, with the hashes the signature gives their dependencies, which every later
    // load of the version holds them to, as the first did.
    private readonly Dictionary<string, ImmutableSortedDictionary<string, string>?> _trusted = new(StringComparer.Ordinal);
    private bool _launched;

    /// <summary>The application is launched: from now on, with trusted keys, new code must be signed.</summary>
    public void Launched()
    {
        lock (_lock)
        {
            _launched = true;
        }
    }

    /// <summary>
    /// Builds the project <paramref name="source"/> names, if it names one, so that loading it later
    /// finds the build done: a build takes seconds, and must not hold other reconfigurations up.
    /// </summary>
    public async Task BuildAsync(ModuleSource source, bool rebuild, CancellationToken cancellationToken)
    {
        if (source.IsProject)
        {
            await projectBuilder.BuildAsync(Path.GetFullPath(source.Path, baseDirectory), rebuild, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads (or shares) the code of <paramref name="spec"/>, with one reference taken for the caller;
    /// a project is built again if <paramref name="rebuild"/> (see <see cref="IProjectBuilder.BuildAsync"/>).
    /// </summary>
    public async Task<ModuleCode> AcquireAsync(ModuleSpec spec, bool rebuild, CancellationToken cancellationToken) =>
        Acquire(spec, await ImageAsync(spec, rebuild, cancellationToken).ConfigureAwait(false));

    /// <summary>The code of <paramref name="spec"/> as its source is now: its project built (again, with <paramref name="rebuild"/>), its assembly read.</summary>
    /// <exception cref="ModuleLoadException">It does not build, or there is no assembly.</exception>
    public async Task<ModuleImage> ImageAsync(ModuleSpec spec, bool rebuild, CancellationToken cancellationToken)
    {
        var sourcePath = Path.GetFullPath(spec.Source.Path, baseDirectory);
        var assemblyPath = spec.Source.IsProject
            ? await projectBuilder.BuildAsync(sourcePath, rebuild, cancellationToken).ConfigureAwait(false)
            : sourcePath;
        if (!File.Exists(assemblyPath))
        {
            throw new ModuleLoadException($"module '{spec.Name}': assembly '{assemblyPath}' does not exist");
        }
        return new ModuleImage(assemblyPath, await File.ReadAllBytesAsync(assemblyPath, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Loads (or shares) <paramref name="image"/> as the code of <paramref name="spec"/>, with one reference taken for the caller.</summary>
    public ModuleCode Acquire(ModuleSpec spec, ModuleImage image)
    {
        var key = $"{spec.Name}|{spec.Source.TypeName}|{image.Hash}";
        lock (_lock)
        {
            if (_loaded.TryGetValue(key, out var shared) && shared.TryAcquire())
            {
                return shared;
            }
            var signed = Trust(spec, key, image);
            var code = Load(spec, key, image, signed);
            code.TryAcquire();
            _loaded[key] = code;
            return code;
        }
    }

    /// <returns>The hashes the signature gives the files beside the assembly, for its load context to hold each dependency to; null when no signature is asked for.</returns>
    /// <exception cref="ModuleLoadException">The code is not signed by a trusted key: nothing is loaded.</exception>
    private ImmutableSortedDictionary<string, string>? Trust(ModuleSpec spec, string key, ModuleImage image)
    {
        if (trustedKeys is null)
        {
            return null;
        }
        if (_trusted.TryGetValue(key, out var trusted))
        {
            return trusted;
        }
        if (!_launched)
        {
            _trusted[key] = null;
            return null;
        }
        try
        {
            return _trusted[key] = trustedKeys.Verify(image.AssemblyPath, image.Bytes, ModuleLoadContext.Shared);
        }
        catch (UntrustedCodeException exception)
        {
            throw new ModuleLoadException($"module '{spec.Name}': {exception.Message}", exception);
        }
    }

    private ModuleCode Load(ModuleSpec spec, string key, ModuleImage image, ImmutableSortedDictionary<string, string>? signed)
    {
        var assemblyPath = image.AssemblyPath;
        var context = new ModuleLoadContext($"{spec.Name} {key[^12..]}", assemblyPath, signed);
        try
        {
            // Loaded from memory, not from the path: the file can be rebuilt while this version runs.
            var symbols = Path.ChangeExtension(assemblyPath, ".pdb");
            using var symbolStream = File.Exists(symbols) ? new MemoryStream(File.ReadAllBytes(symbols)) : null;
            System.Reflection.Assembly assembly;
            try
            {
                assembly = context.LoadFromStream(new MemoryStream(image.Bytes), symbolStream);
            }
            catch (BadImageFormatException exception)
            {
                throw new ModuleLoadException($"module '{spec.Name}': '{assemblyPath}' is not a .NET assembly: {exception.Message}", exception);
            }
            var type = assembly.GetType(spec.Source.TypeName)
                ?? throw new ModuleLoadException(
                    $"module '{spec.Name}': '{assemblyPath}' has no class '{spec.Source.TypeName}'; its module classes are: {ModuleClasses(assembly)}");
            if (!typeof(ModuleBase).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new ModuleLoadException(
                    $"module '{spec.Name}': class '{type.FullName}' must be a non-abstract class deriving from Midflight.Module or Midflight.AsyncModule, with a public parameterless constructor");
            }
            return new ModuleCode(key, image, context, type, Forget);
        }
        catch
        {
            context.Unload();
            throw;
        }
    }

    private static string ModuleClasses(System.Reflection.Assembly assembly)
    {
        var names = assembly.GetExportedTypes().Where(t => typeof(ModuleBase).IsAssignableFrom(t) && !t.IsAbstract).Select(t => t.FullName).ToList();
        return names.Count == 0 ? "(none)" : string.Join(", ", names);
    }

    private void Forget(ModuleCode code)
    {
        lock (_lock)
        {
            if (_loaded.TryGetValue(code.Key, out var current) && current == code)
            {
                _loaded.Remove(code.Key);
            }
        }
    }
}
