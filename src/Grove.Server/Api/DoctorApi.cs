using Grove.Services.Doctor;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Grove.Server.Api;

/// <summary><c>GET /api/doctor</c> checks; <c>POST /api/doctor/fix</c> checks and repairs.</summary>
internal static class DoctorApi
{
    public static void MapDoctorApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/doctor").WithTags("Doctor");
        group.MapGet("/", async Task<Ok<DoctorReport>> (IDoctorService doctor, CancellationToken ct) =>
            TypedResults.Ok(await doctor.CheckAsync(fix: false, ct)));
        group.MapPost("/fix", async Task<Ok<DoctorReport>> (IDoctorService doctor, CancellationToken ct) =>
            TypedResults.Ok(await doctor.CheckAsync(fix: true, ct)));
    }
}
