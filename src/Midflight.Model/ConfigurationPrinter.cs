using System.Globalization;
using System.Text;

namespace Midflight.Model;

/// <summary>
/// Prints a configuration in the language's canonical layout. Parsing the output gives back an equal
/// configuration (a property test holds the two to that).
/// </summary>
public static class ConfigurationPrinter
{
    public static string Print(Configuration configuration)
    {
        var text = new StringBuilder();
        foreach (var module in configuration.Modules)
        {
            PrintModule(text, module);
            text.Append('\n');
        }
        PrintApplication(text, configuration.Application);
        return text.ToString();
    }

    /// <summary>One module declaration, as a module's assembly carries it (see <c>ModuleSpecificationAttribute</c>).</summary>
    public static string Print(ModuleSpec module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var text = new StringBuilder();
        PrintModule(text, module);
        return text.ToString();
    }

    private static void PrintModule(StringBuilder text, ModuleSpec module)
    {
        text.Append("module ").Append(module.Name).Append(" {\n");
        text.Append("  source = ").Append(Quote(module.Source.ToString())).Append(" ::\n");
        foreach (var attribute in module.Attributes)
        {
            text.Append("  ").Append(attribute.Name).Append(" = ").Append(ValueText(attribute)).Append(" ::\n");
        }
        foreach (var @interface in module.Interfaces)
        {
            text.Append("  ").Append(@interface.Kind.Keyword()).Append(" interface ").Append(@interface.Name)
                .Append(" pattern = ").Append(@interface.Pattern);
            if (@interface.Accepts is { } accepts)
            {
                text.Append(" accepts ").Append(accepts);
            }
            if (@interface.Returns is { } returns)
            {
                text.Append(" returns ").Append(returns);
            }
            if (@interface.Capacity is { } capacity)
            {
                text.Append(" capacity = ").Append(capacity.ToString(CultureInfo.InvariantCulture));
            }
            text.Append(" ::\n");
        }
        if (module.ReconfigurationPoints.Count > 0)
        {
            text.Append("  reconfiguration point = {")
                .AppendJoin(", ", module.ReconfigurationPoints.Select(PointText))
                .Append("} ::\n");
        }
        text.Append("}\n");
    }

    private static string PointText(ReconfigurationPoint point) =>
        point.Variables is { } variables ? $"{point.Label}({string.Join(", ", variables)})" : point.Label;

    private static void PrintApplication(StringBuilder text, ApplicationSpec application)
    {
        text.Append("module ").Append(application.Name).Append(" {\n");
        foreach (var instance in application.Instances)
        {
            text.Append("  instance ").Append(instance.Name);
            if (instance.Module != instance.Name)
            {
                text.Append(" : ").Append(instance.Module);
            }
            text.Append('\n');
        }
        foreach (var binding in application.Bindings)
        {
            text.Append("  bind ").Append(Quote(binding.From.ToString())).Append(' ').Append(Quote(binding.To.ToString())).Append('\n');
        }
        foreach (var group in application.Groups)
        {
            text.Append("  group ").Append(group.Name).Append(" {").AppendJoin(", ", group.Members).Append('}').Append(group.Stable ? " stable\n" : "\n");
        }
        text.Append("}\n");
    }

    private static string ValueText(ModuleAttribute attribute) => attribute.Kind switch
    {
        AttributeValueKind.String => Quote(attribute.Value),
        _ => attribute.Value,
    };

    /// <summary>Writes a string literal that the lexer reads back to the same value.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(CultureInfo.InvariantCulture),
            });
        }
        return text.Append('"').ToString();
    }
}
