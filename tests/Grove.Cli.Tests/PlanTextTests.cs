namespace Grove.Cli.Tests;

public sealed class PlanTextTests
{
    [Fact]
    public void Render_TurnsMarkdownIntoPlainLines()
    {
        const string plan = """
            ## Steps

            1. Edit `src/__init__.py` and **keep** the *public* names
               - nested: see [the guide](https://example.com/guide)
            * Run my_test_name

            ```sh
            pytest -q
            ```
            > Note: nothing is pushed
            """;

        var lines = PlanText.Render(plan);

        Assert.Equal(
            [
                "Steps",
                "─────",
                "",
                "1. Edit src/__init__.py and keep the public names",
                "     • nested: see the guide (https://example.com/guide)",
                "  • Run my_test_name",
                "",
                "    pytest -q",
                "  │ Note: nothing is pushed",
            ],
            lines);
    }
}
