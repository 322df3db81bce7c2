// points: R, S
// Reversing the words of a sentence two ways: in place in a char[] (reverse all, then each word) and
// through a Stack<string> fed by a LINQ query over the split words; stops in the swap loop (R) and
// for each word pushed (S).
namespace Corpus;

public sealed class ReverseWords : Midflight.Module
{
    private int _swaps;

    protected override void Run()
    {
        string[] sentences =
        [
            "the sky is blue",
            "  hello   world  ",
            "a good   example",
            "Midflight moves running code",
            "single",
        ];
        foreach (var sentence in sentences)
        {
            var inPlace = ReverseInPlace(sentence);
            var stacked = ReverseWithStack(sentence);
            Print($"[{inPlace}] / [{stacked}]");
        }
        Print($"{_swaps} swaps");
    }

    public string ReverseInPlace(string sentence)
    {
        var buffer = sentence.Trim().ToCharArray();
        Reverse(buffer, 0, buffer.Length - 1);
        var start = 0;
        for (var i = 0; i <= buffer.Length; i++)
        {
            if (i == buffer.Length || buffer[i] == ' ')
            {
                Reverse(buffer, start, i - 1);
                start = i + 1;
            }
        }
        return new string(buffer);
    }

    private void Reverse(char[] buffer, int i, int j)
    {
        while (i < j)
        {
        R:
            (buffer[i], buffer[j]) = (buffer[j], buffer[i]);
            i++;
            j--;
            _swaps++;
        }
    }

    public string ReverseWithStack(string sentence)
    {
        var stack = new Stack<string>();
        foreach (var word in sentence.Split(' ').Where(w => w.Length > 0))
        {
            stack.Push(word);
        S:
            Print($"  push {word} ({stack.Count})");
        }
        return string.Join(" ", stack);
    }
}
