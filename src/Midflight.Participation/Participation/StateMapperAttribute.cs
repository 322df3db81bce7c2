namespace Midflight;

/// <summary>
/// Marks a method of a new module version that converts one field of the old version's state, as
/// PODUS's mapper procedures and Erlang's <c>code_change</c> do. An update calls it on the new
/// instance, after the fields that kept their shape are set and before the module resumes.
/// </summary>
/// <remarks>
/// The method is an instance method returning <c>void</c> with one parameter. That parameter
/// receives the old field's value, read by shape: objects by their field names, arrays and
/// collections by their elements. So the new version describes the old data with types of its own
/// (say, <c>record OldAccount(string Name, int Balance)</c>), and sets whatever fields it needs from
/// it. A field the old version had and the new one lacks, or whose shape changed, needs a mapper, or
/// the update is refused before anything stops.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class StateMapperAttribute(string field) : Attribute
{
    /// <summary>The old version's field that the method converts.</summary>
    public string Field { get; } = field;
}
