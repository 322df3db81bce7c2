// points: R, S, T
// A recursive-descent parser and evaluator for integer arithmetic (+ - * / ^, unary minus, parentheses)
// over a string and a position field, its loops 'while (true)' that return, errors as exceptions caught
// around the call; stops at each sum, each parenthesised group and each number.
namespace Corpus;

public sealed class ArithmeticParser : Midflight.Module
{
    private string _text = "";
    private int _position;
    private int _depth;

    protected override void Run()
    {
        string[] inputs =
        [
            "1 + 2 * 3",
            "(1 + 2) * 3",
            "2 ^ 3 ^ 2",
            "-(4 - 10) / 3",
            "7 - 2 - 1",
            "2 * (3 + 4) * 5 - 6 / (1 + 2)",
            "1 + (2",
            "8 / (3 - 3)",
        ];
        foreach (var input in inputs)
        {
            _text = input;
            _position = 0;
            _depth = 0;
            try
            {
                var value = ParseExpression();
                if (Peek() != '\0')
                {
                    throw new FormatException($"unexpected '{Peek()}' at {_position}");
                }
                Print($"{input} = {value}");
            }
            catch (FormatException e)
            {
                Print($"{input}: {e.Message}");
            }
            catch (DivideByZeroException)
            {
                Print($"{input}: division by zero");
            }
        }
    }

    private char Peek()
    {
        while (_position < _text.Length && _text[_position] == ' ')
        {
            _position++;
        }
        return _position < _text.Length ? _text[_position] : '\0';
    }

    private long ParseExpression()
    {
        var value = ParseTerm();
        while (true)
        {
            var op = Peek();
            if (op is not ('+' or '-'))
            {
                return value;
            }
            _position++;
            var right = ParseTerm();
        R:
            value = op == '+' ? value + right : value - right;
        }
    }

    private long ParseTerm()
    {
        var value = ParsePower();
        while (true)
        {
            var op = Peek();
            if (op is not ('*' or '/'))
            {
                return value;
            }
            _position++;
            var right = ParsePower();
            value = op switch
            {
                '*' => value * right,
                _ => value / right,
            };
        }
    }

    private long ParsePower()
    {
        var value = ParseUnary();
        if (Peek() != '^')
        {
            return value;
        }
        _position++;
        var exponent = ParsePower();
        var result = 1L;
        for (var i = 0; i < exponent; i++)
        {
            result *= value;
        }
        return result;
    }

    private long ParseUnary()
    {
        if (Peek() == '-')
        {
            _position++;
            var operand = ParseUnary();
            return -operand;
        }
        return ParsePrimary();
    }

    private long ParsePrimary()
    {
        var next = Peek();
        if (next == '(')
        {
            _position++;
            _depth++;
            var inner = ParseExpression();
            if (Peek() != ')')
            {
                throw new FormatException($"')' expected at {_position}");
            }
            _position++;
            _depth--;
        S:
            Print($"  group at depth {_depth + 1} = {inner}");
            return inner;
        }
        if (!char.IsAsciiDigit(next))
        {
            throw new FormatException($"number expected at {_position}");
        }
        var start = _position;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
        {
            _position++;
        }
        var number = long.Parse(_text.AsSpan(start, _position - start), System.Globalization.CultureInfo.InvariantCulture);
    T:
        return number;
    }
}
