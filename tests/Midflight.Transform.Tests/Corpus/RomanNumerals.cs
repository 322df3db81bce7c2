// points: R, S
// Roman numerals: a recursive conversion whose switch expression arms recurse on the remainder (R),
// and the classic subtractive parse from the right (S); checks round trips.
namespace Corpus;

public sealed class RomanNumerals : Midflight.Module
{
    protected override void Run()
    {
        int[] numbers = [1, 4, 9, 14, 40, 90, 400, 1994, 2024, 3999];
        var failures = 0;
        foreach (var n in numbers)
        {
            var roman = ToRoman(n);
            var back = Parse(roman);
            if (back != n)
            {
                failures++;
            }
            Print($"{n} = {roman} = {back}");
        }
        Print($"{failures} round-trip failures");
    }

    public string ToRoman(int n)
    {
    R:
        return n switch
        {
            >= 1000 => "M" + ToRoman(n - 1000),
            >= 900 => "CM" + ToRoman(n - 900),
            >= 500 => "D" + ToRoman(n - 500),
            >= 400 => "CD" + ToRoman(n - 400),
            >= 100 => "C" + ToRoman(n - 100),
            >= 90 => "XC" + ToRoman(n - 90),
            >= 50 => "L" + ToRoman(n - 50),
            >= 40 => "XL" + ToRoman(n - 40),
            >= 10 => "X" + ToRoman(n - 10),
            9 => "IX",
            >= 5 => "V" + ToRoman(n - 5),
            4 => "IV",
            >= 1 => "I" + ToRoman(n - 1),
            _ => "",
        };
    }

    private static int Value(char c) => c switch
    {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        'M' => 1000,
        _ => throw new FormatException($"not a roman digit: {c}"),
    };

    public int Parse(string roman)
    {
        var total = 0;
        var previous = 0;
        for (var i = roman.Length - 1; i >= 0; i--)
        {
            var value = Value(roman[i]);
        S:
            total += value < previous ? -value : value;
            previous = Math.Max(previous, value);
        }
        return total;
    }
}
