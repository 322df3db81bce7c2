namespace Midflight.State;

/// <summary>
/// Finds what makes a string ill-formed UTF-16: a surrogate without its other half. .NET strings may
/// hold one (a string cut in the middle of an emoji), UTF-8 cannot, and encoding it would silently
/// turn it into U+FFFD; the codec and the JSON view write such strings another way, exactly.
/// </summary>
internal static class WellFormedText
{
    /// <summary>The index of the first lone surrogate in <paramref name="text"/>, or -1 if it is well-formed.</summary>
    public static int LoneSurrogate(ReadOnlySpan<char> text)
    {
        // Most strings hold no surrogate at all: a vectorized search skips to the first one.
        var first = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return -1;
        }
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
