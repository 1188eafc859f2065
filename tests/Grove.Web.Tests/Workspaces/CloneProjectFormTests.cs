using Grove.Services.Projects;
using Grove.Testing;
using Grove.Web.Components.Workspaces;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Grove.Web.Tests.Workspaces;

/// <summary>"Clone from GitHub": the real cloner (git clone of a local bare repository), progress, the new project, one-line errors.</summary>
public sealed class CloneProjectFormTests : UiTestContext
{
    [Fact]
    public async Task Cloning_adds_the_project_and_a_taken_folder_is_one_clear_line()
    {
        using var repo = TestRepository.Create(withRemote: true);
        using var folder = new TempDirectory("clones");
        var target = Path.Combine(folder.Path, "copy");
        Grove.Core.Domain.Project? cloned = null;
        var form = Render<CloneProjectForm>(p => p.Add(f => f.OnCloned, (Grove.Core.Domain.Project project) => cloned = project));

        await form.InvokeAsync(() => form.Find("[data-test='clone-source']").InputAsync(new ChangeEventArgs { Value = repo.RemotePath }));
        await form.InvokeAsync(() => form.Find("[data-test='clone-path']").InputAsync(new ChangeEventArgs { Value = target }));
        await form.InvokeAsync(() => form.Find("[data-action='clone-project']").ClickAsync(new MouseEventArgs()));
        form.WaitForAssertion(() => Assert.NotNull(cloned), TestTimeouts.Default);

        await form.InvokeAsync(() => form.Find("[data-test='clone-source']").InputAsync(new ChangeEventArgs { Value = repo.RemotePath }));
        await form.InvokeAsync(() => form.Find("[data-test='clone-path']").InputAsync(new ChangeEventArgs { Value = target }));
        await form.InvokeAsync(() => form.Find("[data-action='clone-project']").ClickAsync(new MouseEventArgs()));
        form.WaitForAssertion(() => Assert.Contains("already exists and is not empty", form.Find("[data-test='clone-error']").TextContent, StringComparison.Ordinal), TestTimeouts.Default);

        Assert.Equal(target, cloned!.Path);
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
        Assert.Contains(await Get<IProjectService>().ListAsync(Ct), p => p.Path == target);
    }

    [Fact]
    public async Task The_folder_placeholder_shows_where_the_clone_goes_under_the_projects_root()
    {
        await Get<Grove.Services.Settings.ISettingsService>().SaveAsync(new Dictionary<string, string?> { [Grove.Services.SettingKeys.ProjectsRoot] = "/srv/clones" }, Ct);
        var form = Render<CloneProjectForm>();
        form.WaitForAssertion(() => Assert.Equal("/srv/clones/<repo>", form.Find("[data-test='clone-path']").GetAttribute("placeholder")), TestTimeouts.Default);

        await form.InvokeAsync(() => form.Find("[data-test='clone-source']").InputAsync(new ChangeEventArgs { Value = "acme/widgets" }));

        form.WaitForAssertion(() => Assert.Equal("/srv/clones/widgets", form.Find("[data-test='clone-path']").GetAttribute("placeholder")), TestTimeouts.Default);
    }
}
