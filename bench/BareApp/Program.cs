// The smallest ASP.NET Core app: what start-up costs before any of our wiring. The benchmark starts it exactly like
// the local host (dotnet <dll>, ASPNETCORE_URLS) and times the first 200 on /health.
var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health", () => Results.Ok(new { status = "healthy" }));
app.Run();
