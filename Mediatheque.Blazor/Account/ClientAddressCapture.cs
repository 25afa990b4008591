using Mediatheque.Core.Audit;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Mediatheque.Blazor.Account;

/// <summary>
/// Fills the journal's <see cref="ClientAddress"/>: for each HTTP request from its connection (after the forwarded
/// headers, so behind the proxy it is the client's), and for each circuit when it connects, from the connection that
/// carries the circuit (the only moment the circuit has an HTTP context). A circuit reconnecting from elsewhere is
/// captured again.
/// </summary>
internal sealed class ClientAddressCapture(ClientAddress address, IHttpContextAccessor accessor) : CircuitHandler
{
    public static void AddClientAddressCapture(IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, ClientAddressCapture>();
    }

    public static void UseClientAddressCapture(WebApplication app) =>
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<ClientAddress>().Value = context.Connection.RemoteIpAddress?.ToString();
            return next(context);
        });

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext?.Connection.RemoteIpAddress is { } remote)
        {
            address.Value = remote.ToString();
        }

        return Task.CompletedTask;
    }
}
