using Grove.Server.Hosting;

namespace Grove.Server.Tests;

public sealed class IdleTrimPolicyTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public void Trims_once_when_a_burst_is_followed_by_a_quiet_check()
    {
        var policy = new IdleTrimPolicy(allocatedAtStart: 100 * Mb);
        var total = 100 * Mb;

        // Busy: 40 MB between checks, 120 MB in all.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            total += 40 * Mb;
            Assert.False(policy.ShouldTrim(total));
        }

        total += 1 * Mb;
        Assert.True(policy.ShouldTrim(total));

        // Still quiet: nothing new to give back.
        total += 1 * Mb;
        Assert.False(policy.ShouldTrim(total));
        Assert.False(policy.ShouldTrim(total));
    }

    [Fact]
    public void Does_not_trim_after_little_work_however_long_it_is_quiet()
    {
        var policy = new IdleTrimPolicy(allocatedAtStart: 0);
        var total = 0L;
        for (var check = 0; check < 30; check++)
        {
            total += 2 * Mb;
            Assert.False(policy.ShouldTrim(total));
        }

        // 60 MB in small steps, never a burst: the GC's own budgets deal with that.
        Assert.True(total < IdleTrimPolicy.BurstBytes);
    }

    [Fact]
    public void A_second_burst_after_a_trim_is_trimmed_again()
    {
        var policy = new IdleTrimPolicy(allocatedAtStart: 0);
        Assert.False(policy.ShouldTrim(80 * Mb));
        Assert.True(policy.ShouldTrim(81 * Mb));

        Assert.False(policy.ShouldTrim(150 * Mb));
        Assert.True(policy.ShouldTrim(151 * Mb));
    }
}
