using System.Text;

namespace Midflight.Cli.Tests;

/// <summary>
/// A text writer that keeps what is written and calls <paramref name="written"/> after each write.
/// Modules print from their own threads while a test reads, so every member takes the lock.
/// </summary>
internal sealed class NotifyingWriter(Action written) : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        lock (_lock)
        {
            _text.Append(value);
        }
        written();
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }
}
