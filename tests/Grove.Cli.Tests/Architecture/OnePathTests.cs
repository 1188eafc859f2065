using System.Reflection;
using System.Xml.Linq;
using Grove.Cli;
using Grove.Server;

namespace Grove.Cli.Tests.Architecture;

/// <summary>
/// The one-path rule (ARCHITECTURE.md): the three front ends — the Blazor UI, the HTTP server and
/// the CLI — go through Grove.Services. They compile against Grove.Services and Grove.Core only
/// (<c>DisableTransitiveProjectReferences</c> in their project files), so a store, a git type or an
/// agent internal used from one of them is a build error; these tests keep that switch on and check
/// the compiled assemblies too.
/// </summary>
public sealed class OnePathTests
{
    private static readonly string[] FrontEnds = ["Grove.Web", "Grove.Server", "Grove.Cli"];
    private static readonly string[] Forbidden = ["Grove.Data", "Grove.Git", "Grove.Agents", "Grove.Integrations"];

    public static TheoryData<string> FrontEndAssemblies => new(FrontEnds);

    [Theory]
    [MemberData(nameof(FrontEndAssemblies))]
    public void Front_end_assemblies_reference_no_layer_below_the_services(string name)
    {
        var assembly = Load(name);

        var references = assembly.GetReferencedAssemblies().Select(reference => reference.Name).ToList();

        Assert.Contains("Grove.Services", references);
        Assert.DoesNotContain(references, reference => Forbidden.Contains(reference));
    }

    [Theory]
    [MemberData(nameof(FrontEndAssemblies))]
    public void Front_end_projects_compile_against_services_and_core_only(string name)
    {
        var project = XDocument.Load(Path.Combine(RepositoryRoot(), "src", name, name + ".csproj"));

        var disabled = project.Descendants("DisableTransitiveProjectReferences").Select(e => e.Value.Trim());
        var references = project.Descendants("ProjectReference")
            .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
            .ToList();

        Assert.Contains("true", disabled);
        Assert.DoesNotContain(references, reference => Forbidden.Contains(reference));
    }

    private static Assembly Load(string name) => name switch
    {
        "Grove.Cli" => typeof(GroveCli).Assembly,
        "Grove.Server" => typeof(GroveServer).Assembly,
        "Grove.Web" => typeof(Grove.Web.WebServiceCollectionExtensions).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grove.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Grove.slnx not found above " + AppContext.BaseDirectory);
    }
}
