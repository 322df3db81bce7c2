namespace Midflight;

/// <summary>
/// Marks a static method of a new module version that converts one object of an older version's
/// type, lazily: <see cref="Versioned.Get{T}"/> calls it the first time new code asks for an object
/// the old version left in a <see cref="Versioned"/> box.
/// </summary>
/// <remarks>
/// The method returns the new type and takes one parameter, which receives the old object read by
/// shape — by its field names, as a <see cref="StateMapperAttribute"/>'s does — in a type the new
/// version declares for it: <c>[LazyMapper] static Account FromOld(OldAccount old) =&gt; new(old.Name, old.Balance * 100)</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LazyMapperAttribute : Attribute;
