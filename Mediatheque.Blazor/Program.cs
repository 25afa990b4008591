using Mediatheque.Blazor;
using Mediatheque.Core;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMediathequeCore(builder.Configuration);
builder.AddMediathequeWeb();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseMediathequeWeb();
app.Run();

/// <summary>Visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
