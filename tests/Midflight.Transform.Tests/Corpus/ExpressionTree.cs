// points: R
// An expression tree of records (numbers, variables, negation, binary operators) evaluated recursively by
// a switch expression whose arms call the evaluator, variables in a Dictionary, division by zero caught
// around the call; stops at each operator node.
namespace Corpus;

public abstract record ExprNode;

public sealed record ExprNumber(long Value) : ExprNode;

public sealed record ExprVariable(string Name) : ExprNode;

public sealed record ExprNegate(ExprNode Operand) : ExprNode;

public sealed record ExprBinary(char Operator, ExprNode Left, ExprNode Right) : ExprNode;

public sealed class ExpressionTree : Midflight.Module
{
    protected override void Run()
    {
        var variables = new Dictionary<string, long> { ["x"] = 6, ["y"] = -2, ["z"] = 0 };
        ExprNode[] expressions =
        [
            new ExprBinary('+', new ExprNumber(1), new ExprBinary('*', new ExprVariable("x"), new ExprNumber(7))),
            new ExprBinary('-', new ExprBinary('*', new ExprVariable("x"), new ExprVariable("x")),
                new ExprNegate(new ExprBinary('/', new ExprNumber(9), new ExprVariable("y")))),
            new ExprBinary('%', new ExprBinary('+', new ExprVariable("x"), new ExprNumber(11)),
                new ExprBinary('-', new ExprVariable("y"), new ExprNumber(3))),
            new ExprBinary('/', new ExprNumber(1), new ExprVariable("z")),
        ];
        foreach (var expression in expressions)
        {
            try
            {
                var value = Evaluate(expression, variables);
                Print($"{Show(expression)} = {value}");
            }
            catch (DivideByZeroException)
            {
                Print($"{Show(expression)}: division by zero");
            }
        }
    }

    private static string Show(ExprNode node) => node switch
    {
        ExprNumber n => n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ExprVariable v => v.Name,
        ExprNegate n => $"-{Show(n.Operand)}",
        ExprBinary b => $"({Show(b.Left)} {b.Operator} {Show(b.Right)})",
        _ => "?",
    };

    private static long Apply(char op, long left, long right) => op switch
    {
        '+' => left + right,
        '-' => left - right,
        '*' => left * right,
        '/' => left / right,
        '%' => left % right,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "unknown operator"),
    };

    private long Evaluate(ExprNode node, Dictionary<string, long> variables)
    {
    R:
        if (node is ExprBinary { Operator: var op })
        {
            Print($"  evaluate {op} at {Show(node)}");
        }
        return node switch
        {
            ExprNumber number => number.Value,
            ExprVariable variable => variables[variable.Name],
            ExprNegate negate => -Evaluate(negate.Operand, variables),
            ExprBinary binary => Apply(binary.Operator, Evaluate(binary.Left, variables), Evaluate(binary.Right, variables)),
            _ => throw new ArgumentException($"unknown node {node}", nameof(node)),
        };
    }
}
