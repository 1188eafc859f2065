using Grove.Core.Admission;
using Grove.Core.Budgets;
using Grove.Core.Errors;
using Grove.Services.Admission;
using Grove.Services.Budgets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary>A budget as the API shows it; <c>Scope</c> is workspace, project or daily.</summary>
public sealed record BudgetView(string Scope, string TargetId, string Target, decimal LimitUsd, decimal SpentUsd, bool Warning, bool Reached);

public sealed record BudgetsView(IReadOnlyList<BudgetView> Budgets, decimal TodayUsd, decimal TotalUsd);

/// <summary><c>Target</c>: a workspace or project (name or id); none for daily. <c>Usd</c> 0 removes the budget.</summary>
public sealed record BudgetBody(string Scope, string? Target, decimal Usd);

public sealed record StatusView(AdmissionSummary Admission, decimal TodayUsd, decimal TotalUsd);

/// <summary>Spend budgets (<see cref="IBudgets"/>) and the running/waiting counts (<see cref="ITurnAdmission"/>).</summary>
internal static class BudgetsApi
{
    public static void MapBudgetsApi(this IEndpointRouteBuilder api)
    {
        var budgets = api.MapGroup("/budgets").WithTags("Budgets");
        budgets.MapGet("/", async Task<Ok<BudgetsView>> (IBudgets service, CancellationToken ct) =>
        {
            var spend = await service.SpendAsync(cancellationToken: ct);
            return TypedResults.Ok(new BudgetsView([.. (await service.ListAsync(ct)).Select(View)], spend.TodayUsd, spend.TotalUsd));
        });

        budgets.MapPut("/", async Task<Results<Ok<BudgetView>, NoContent>> (BudgetBody body, IBudgets service, CancellationToken ct) =>
        {
            var status = await service.SetAsync(Scope(body.Scope), body.Target, body.Usd, ct);
            return status is null ? TypedResults.NoContent() : TypedResults.Ok(View(status));
        });

        budgets.MapDelete("/{scope}", async Task<NoContent> (string scope, string? target, IBudgets service, CancellationToken ct) =>
        {
            await service.ClearAsync(Scope(scope), target, ct);
            return TypedResults.NoContent();
        });

        api.MapGet("/workspaces/{workspace}/budgets", async Task<Ok<IReadOnlyList<BudgetView>>> (string workspace, Services.Workspaces.IWorkspaceService workspaces, IBudgets service, CancellationToken ct) =>
        {
            var resolved = await workspaces.ResolveAsync(workspace, ct);
            IReadOnlyList<BudgetView> views = [.. (await service.ForWorkspaceAsync(resolved.Id, ct)).Select(View)];
            return TypedResults.Ok(views);
        }).WithTags("Budgets");

        api.MapGet("/status", async Task<Ok<StatusView>> (ITurnAdmission admission, IBudgets service, CancellationToken ct) =>
        {
            var spend = await service.SpendAsync(cancellationToken: ct);
            return TypedResults.Ok(new StatusView(await admission.SummaryAsync(ct), spend.TodayUsd, spend.TotalUsd));
        }).WithTags("Status");
    }

    private static BudgetView View(BudgetStatus b) =>
        new(b.Scope.ToString().ToLowerInvariant(), b.TargetId, b.Name, b.LimitUsd, b.SpentUsd, b.Warning, b.Reached);

    private static BudgetScope Scope(string text) =>
        Enum.TryParse<BudgetScope>(text, ignoreCase: true, out var scope) && Enum.IsDefined(scope)
            ? scope
            : throw new GroveException(ErrorKind.InvalidInput, $"A budget's scope is workspace, project or daily, not '{text}'.");
}
