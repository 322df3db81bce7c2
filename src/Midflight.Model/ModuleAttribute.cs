namespace Midflight.Model;

/// <summary>How an attribute value was written, so that printing gives back the same text.</summary>
public enum AttributeValueKind
{
    String,
    Number,
    Identifier,
}

/// <summary>An attribute of a module other than its source, such as <c>machine = "host2"</c>.</summary>
public sealed record ModuleAttribute(string Name, string Value, AttributeValueKind Kind = AttributeValueKind.String);
