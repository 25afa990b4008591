using Mediatheque.Blazor;
using Mediatheque.Blazor.Account;
using Mediatheque.Core;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMediathequeCore(builder.Configuration);
builder.AddMediathequeWeb();

var app = builder.Build();
if (!await app.TryInitializeDatabaseAsync())
{
    return 1;
}

if (CreateAdministratorCommand.Requested(args))
{
    return await CreateAdministratorCommand.RunAsync(app, args);
}

app.UseMediathequeWeb();
app.Run();
return 0;

/// <summary>Visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
