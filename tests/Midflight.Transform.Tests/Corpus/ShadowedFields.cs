// points: R
// A derived class that declares a field of the same name as its base's: both are kept apart.
namespace Corpus;

public class Account
{
    private int _balance;

    public int Base { get => _balance; set => _balance = value; }
}

public sealed class Savings : Account
{
    private int _balance;

    public int Own { get => _balance; set => _balance = value; }
}

public sealed class ShadowedFields : Midflight.Module
{
    protected override void Run()
    {
        var savings = new Savings();
        for (var i = 1; i <= 4; i++)
        {
            savings.Base += i;
            savings.Own += 10 * i;
        R:
            Print($"base {savings.Base} own {savings.Own}");
        }
    }
}
