// points: R, S
// Run-length encoding into a LinkedList of runs and its text form ("3a2b"), and decoding back with a
// StringBuilder; stops when a run closes (R) and in the decoder's digit loop (S).
namespace Corpus;

public readonly record struct RleRun(char Symbol, int Count)
{
    public override string ToString() => Count == 1 ? Symbol.ToString() : $"{Count}{Symbol}";
}

public sealed class RunLengthEncoding : Midflight.Module
{
    protected override void Run()
    {
        string[] inputs = ["aaabccdddd", "wwwwwwwwwwwwbwwwwwwwwwwwwbbbwwwwwwwwwwwwwwwwwwwwwwwwbwwwwwwwwwwwwww", "abc", "", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzy"];
        foreach (var input in inputs)
        {
            var runs = Encode(input);
            var text = string.Concat(runs);
            var decoded = Decode(text);
            Print($"{(input.Length > 12 ? input[..12] + "..." : input)} -> {text} ({runs.Count} runs, {input.Length}->{text.Length} chars, roundtrip {decoded == input})");
        }
    }

    public LinkedList<RleRun> Encode(string input)
    {
        var runs = new LinkedList<RleRun>();
        var i = 0;
        while (i < input.Length)
        {
            var j = i;
            while (j < input.Length && input[j] == input[i])
            {
                j++;
            }
            runs.AddLast(new RleRun(input[i], j - i));
        R:
            Print($"  run {runs.Last!.Value.Count} x '{input[i]}'");
            i = j;
        }
        return runs;
    }

    public string Decode(string text)
    {
        var output = new System.Text.StringBuilder();
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsDigit(c))
            {
            S:
                count = count * 10 + (c - '0');
                continue;
            }
            output.Append(c, Math.Max(count, 1));
            count = 0;
        }
        return output.ToString();
    }
}
