using FsCheck;
using FsCheck.Fluent;
using InterpLoop.Hunt;

namespace InterpLoop.Properties.Hunt;

public class ReproductionRateTests
{
    [Theory]
    [InlineData(3, 3, 0.43849, 1.0)]
    [InlineData(5, 10, 0.23659, 0.76341)]
    [InlineData(0, 4, 0.0, 0.48990)]
    public void Wilson_interval_matches_the_textbook_values(int reproduced, int trials, double low, double high)
    {
        var (lo, hi) = new ReproductionRate(reproduced, trials).Wilson95;
        Assert.Equal(low, lo, 4);
        Assert.Equal(high, hi, 4);
    }

    [Fact]
    public void The_interval_always_contains_the_rate() =>
        Prop.ForAll(Arb.From(from n in Gen.Choose(1, 50) from k in Gen.Choose(0, n) select (k, n)), c =>
        {
            var r = new ReproductionRate(c.k, c.n);
            var (lo, hi) = r.Wilson95;
            return 0 <= lo && lo <= r.Rate && r.Rate <= hi && hi <= 1;
        }).QuickCheckThrowOnFailure();
}
