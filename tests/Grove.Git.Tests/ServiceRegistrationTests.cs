using Grove.Core.Changes;
using Grove.Git.Changes;
using Grove.Git.Repositories;
using Grove.Git.Watching;
using Grove.Git.Worktrees;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Git.Tests;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task AddGroveGit_registers_working_singletons()
    {
        using var repo = TestRepository.Create();
        var services = new ServiceCollection().AddGroveGit(o =>
        {
            foreach (var (key, value) in TestGit.Environment)
            {
                o.Environment[key] = value;
            }
        });
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var inspector = provider.GetRequiredService<IRepositoryInspector>();
        Assert.Same(inspector, provider.GetRequiredService<IRepositoryInspector>());
        Assert.Same(provider.GetRequiredService<IGitRunner>(), provider.GetRequiredService<IGitRunner>());
        Assert.NotNull(provider.GetRequiredService<IWorktreeManager>());
        Assert.NotNull(provider.GetRequiredService<IChangesReader>());
        Assert.NotNull(provider.GetRequiredService<IChangesWriter>());
        Assert.NotNull(provider.GetRequiredService<IWorkspaceWatcherFactory>());

        var info = await inspector.InspectAsync(repo.Path, TestContext.Current.CancellationToken);
        Assert.Equal("main", info!.DefaultBranch);
        Assert.Equal("test@grove.invalid", provider.GetRequiredService<GitOptions>().Environment["GIT_AUTHOR_EMAIL"]);
    }
}
