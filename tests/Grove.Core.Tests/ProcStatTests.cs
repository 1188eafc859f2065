using Grove.Core.Processes;

namespace Grove.Core.Tests;

public sealed class ProcStatTests
{
    // Fields 1-24 as the kernel writes them; the command name holds a space and a ')'.
    private const string Line = "4242 (my (odd) cmd) S 4200 4242 4100 34816 4242 4194560 1207 0 0 0 150 35 0 0 20 0 1 0 9876543 123456789 2048 18446744073709551615";

    [Fact]
    public void Parses_parent_session_cpu_and_memory_past_a_command_name_with_spaces_and_parentheses()
    {
        var stat = ProcStat.Parse(4242, Line)!.Value;

        Assert.Equal(4242, stat.Pid);
        Assert.Equal('S', stat.State);
        Assert.Equal(4200, stat.Parent);
        Assert.Equal(4100, stat.Session);
        Assert.Equal(185, stat.CpuTicks);
        Assert.Equal(2048, stat.ResidentPages);
        Assert.False(stat.IsZombie);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4242 (cmd")]
    [InlineData("4242 (cmd) S 1 2")]
    [InlineData("4242 (cmd) S x 4242 4100 0 0 0 0 0 0 0 150 35 0 0 20 0 1 0 1 1 2048")]
    public void Text_that_is_not_what_the_kernel_writes_is_null(string text) => Assert.Null(ProcStat.Parse(1, text));

    [Fact]
    public void This_process_is_read_and_found_in_its_own_session()
    {
        var self = ProcStat.Read(Environment.ProcessId)!.Value;

        Assert.Contains(Environment.ProcessId, ProcStat.SessionMembers(self.Session));
        Assert.True(self.ResidentPages > 0);
    }
}
