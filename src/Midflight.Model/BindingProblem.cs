namespace Midflight.Model;

/// <summary>Why two interfaces cannot be bound, with the diagnostic code that names the rule.</summary>
public sealed record BindingProblem(string Code, string Message);
