using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mediatheque.Benchmarks.Capacity;

/// <summary>
/// One tab of <see cref="LightClient"/>: one real circuit on « Liste des utilisateurs », driven the way
/// blazor.web.js (.NET 10) drives it, with no DOM. It reads the prerendered page's server component markers and
/// persisted state, connects to « /_blazor » (negotiate, WebSocket, « blazorpack »), calls StartCircuit then
/// UpdateRootComponents, answers every render batch with OnRenderCompleted and every JS call with
/// EndInvokeJSFromDotNet. It applies the render batches to a DOM-less copy of the page (<see cref="PageTree"/>) and
/// reads there what a user of the search box depends on: the handlers of <c>#user-search</c> (MudTextField's input:
/// keydown, keyup, change) and the text of <c>[data-testid=user-count]</c>. Each keystroke sends what blazor.web.js
/// sends for it: a keydown and a keyup (MudInput listens to both), each with the field's text at that moment; when
/// typing pauses for the box's data-debounce (search.js), one « change » event goes to the server. LightClientTests
/// compares these events with Chromium's for the same typing.
/// </summary>
public sealed partial class LightTab : ICircuitTab, IAsyncDisposable
{
    private const string GridPath = "/utilisateurs";
    private const string SearchId = "user-search";
    private const string CountTestId = "user-count";
    private const int JSObjectReference = 1; // Microsoft.JSInterop.JSCallResultType

    private readonly LightClient client;
    private readonly int number;
    private readonly HubConnection connection;
    private readonly object gate = new();
    /// <summary>
    /// The browser's one JS thread: a batch is applied and acknowledged, or an event read from the page and sent,
    /// never both at once. Blazor drops a batch's replaced event handlers when the batch is acknowledged, so an event
    /// that read a handler before a batch and left after its acknowledgement would name a handler the server no longer
    /// has, which ends the circuit.
    /// </summary>
    private readonly SemaphoreSlim pageThread = new(1, 1);
    private readonly PageTree page = new();
    private (int Component, PageTree.Element Element)? box;
    private (int Component, PageTree.Element Element)? count;
    private (int Component, PageTree.Element Element)? layout;
    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int searchComponent = -1;
    private ulong changeHandler;
    private ulong keyDownHandler;
    private ulong keyUpHandler;
    private int debounceMs = -1;
    private string? countText;
    private bool interactive;
    private long rendererInterop = -1;
    private (string Expected, TaskCompletionSource<long> Shown)? waiting;
    private int nextCallId;
    private int nextJSObjectId;
    private string? circuitId;
    private string? title;
    private string typed = string.Empty;
    private volatile bool closing;

    private LightTab(LightClient client, int number)
    {
        this.client = client;
        this.number = number;
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(client.BaseUrl), "_blazor"), HttpTransportType.WebSockets, options =>
            {
                options.Cookies = client.Cookies;
                options.HttpMessageHandlerFactory = handler =>
                {
                    if (handler is HttpClientHandler http)
                    {
                        http.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
                    }

                    return handler;
                };
                options.WebSocketConfiguration = socket => socket.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            });
        builder.Services.AddSingleton<IHubProtocol>(new BlazorPackProtocol());
        // The SignalR client's own warnings (a message no handler takes, arguments that do not bind) are problems too.
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(
            new LineLogger(LogLevel.Warning, (level, text) => client.Log.Problem(number, $"SignalR {level}: {text}"))));
        connection = builder.Build();
        connection.On<long, byte[]>("JS.RenderBatch", OnRenderBatchAsync);
        // .NET 10's RemoteJSRuntime: asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType.
        connection.On<long, string, string?, int, long, int>("JS.BeginInvokeJS", OnBeginInvokeJSAsync);
        connection.On<string, bool, string?>("JS.EndInvokeDotNet", (callId, succeeded, result) =>
        {
            if (!succeeded)
            {
                client.Log.Problem(number, $".NET call {callId} failed: {result}");
            }
        });
        connection.On<long>("JS.EndUpdateRootComponents", _ => { });
        // Which logical element a root component's frames go to: a DOM matter, nothing to keep without a DOM.
        connection.On<int, string>("JS.AttachComponent", (_, _) => { });
        connection.On<string>("JS.Error", error =>
        {
            if (closing)
            {
                // The tab asked the server to end its circuit (CloseAsync): an acknowledgement or a JS call's answer
                // still on its way gets « Circuit has been shut down… » back. A closed browser tab hears nothing of it.
                return;
            }

            client.Log.Problem(number, $"circuit error (the server ended the circuit): {error}");
            opened.TrySetException(new InvalidOperationException($"Circuit error: {error}"));
        });
        connection.Closed += error =>
        {
            if (!closing)
            {
                client.Log.Problem(number, $"the circuit's connection closed: {error?.Message ?? "by the server"}");
            }

            opened.TrySetException(new InvalidOperationException("The circuit's connection closed.", error));
            return Task.CompletedTask;
        };
    }

    /// <summary>Loads the grid, starts its circuit and waits until the box and the count are live.</summary>
    public static async Task<LightTab> OpenAsync(LightClient client, int number)
    {
        var tab = new LightTab(client, number);
        try
        {
            await tab.StartAsync();
            return tab;
        }
        catch
        {
            await tab.DisposeAsync();
            throw;
        }
    }

    /// <summary>The events this tab sent, as « keydown m », « change martin »…, when set (LightClientTests).</summary>
    public List<string>? Sent { get; set; }

    public async Task<Sample> TypeAsync(string word, string expectedCount)
    {
        // Each letter: its keydown (the field still without it) and keyup (with it); search.js restarts its timer.
        for (var i = 0; i < word.Length; i++)
        {
            if (i > 0)
            {
                await Task.Delay(Typist.KeystrokeDelayMs);
            }

            var key = word[i].ToString();
            await KeyAsync("keydown", key, Code(word[i]), word[..i], control: false);
            await KeyAsync("keyup", key, Code(word[i]), word[..(i + 1)], control: false);
        }

        return await SearchAsync(word, expectedCount);
    }

    /// <summary>What GridTab does in Chromium: Control+A, then Backspace.</summary>
    public async Task<Sample> ClearAsync(string expectedCount)
    {
        var text = typed;
        await KeyAsync("keydown", "Control", "ControlLeft", text, control: true);
        await KeyAsync("keydown", "a", "KeyA", text, control: true);
        await KeyAsync("keyup", "a", "KeyA", text, control: true);
        await KeyAsync("keyup", "Control", "ControlLeft", text, control: false);
        await KeyAsync("keydown", "Backspace", "Backspace", text, control: false);
        await KeyAsync("keyup", "Backspace", "Backspace", string.Empty, control: false);
        return await SearchAsync(string.Empty, expectedCount);
    }

    public async Task CloseAsync()
    {
        // What blazor.web.js does when the page goes away: a beacon telling the server to end the circuit now,
        // rather than keep it as disconnected for DisconnectedCircuitRetentionPeriod.
        closing = true;
        if (circuitId is not null)
        {
            using var form = new MultipartFormDataContent { { new StringContent(circuitId), "circuitId" } };
            using var _ = await client.Http.PostAsync("_blazor/disconnect", form);
        }

        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        closing = true;
        await connection.DisposeAsync();
    }

    private async Task StartAsync()
    {
        var html = await client.Http.GetStringAsync(GridPath);
        // The server root components prerendered in the page, in document order (blazor.web.js's discovery):
        // each start marker gets a uniqueId in that order and an ssrComponentId from 1.
        var markers = Marker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups["json"].Value)!.AsObject())
            .Where(m => (string?)m["type"] == "server" && m.ContainsKey("descriptor"))
            .ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"No server component in {GridPath}: not signed in?");
        }

        title = WebUtility.HtmlDecode(Title().Match(html).Groups["title"].Value);
        var state = State().Match(html) is { Success: true } s ? s.Groups["state"].Value : string.Empty;
        var operations = new JsonArray([.. markers.Select((marker, i) =>
        {
            marker["uniqueId"] = i;
            return (JsonNode)new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker };
        })]);

        await connection.StartAsync();
        var baseUri = new Uri(client.BaseUrl + "/");
        circuitId = await connection.InvokeAsync<string?>("StartCircuit", baseUri.AbsoluteUri, new Uri(baseUri, GridPath).AbsoluteUri, "[]", state);
        if (circuitId is null)
        {
            throw new InvalidOperationException("The server refused to start the circuit.");
        }

        await connection.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state);
        await opened.Task.WaitAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>
    /// One keyboard event on the search field, as blazor.web.js sends it: the handler, the field's text at that moment
    /// (which the server writes into its copy of the tree) and KeyboardEventArgs.
    /// </summary>
    private async Task KeyAsync(string eventName, string key, string code, string fieldValue, bool control)
    {
        typed = fieldValue;
        await pageThread.WaitAsync();
        try
        {
            int component;
            ulong handler;
            lock (gate)
            {
                (component, handler) = (searchComponent, eventName == "keydown" ? keyDownHandler : keyUpHandler);
            }

            await DispatchAsync(
                new { eventHandlerId = handler, eventName, eventFieldInfo = new { componentId = component, fieldValue } },
                new { key, code, location = Location(code), repeat = false, ctrlKey = control, shiftKey = false, altKey = false, metaKey = false, type = eventName, isComposing = false },
                $"{eventName} {key} {code} location {Location(code)} ctrl {control} «{fieldValue}»");
        }
        finally
        {
            pageThread.Release();
        }
    }

    /// <summary>KeyboardEvent.location: 1 for the left-hand modifier keys, 0 for the others.</summary>
    private static int Location(string code) => code.EndsWith("Left", StringComparison.Ordinal) ? 1 : 0;

    private static string Code(char letter) => char.IsAsciiLetter(letter) ? $"Key{char.ToUpperInvariant(letter)}" : char.IsAsciiDigit(letter) ? $"Digit{letter}" : "Space";

    /// <summary>Blazor's EventDelegator: DispatchEventAsync on the renderer's interop object, with its handler and arguments.</summary>
    private Task DispatchAsync(object descriptor, object eventArgs, string sent)
    {
        Sent?.Add(sent);
        var arguments = JsonSerializer.Serialize(new[] { descriptor, eventArgs });
        var callId = Interlocked.Increment(ref nextCallId).ToString(CultureInfo.InvariantCulture);
        return connection.SendAsync("BeginInvokeDotNetFromJS", callId, null, "DispatchEventAsync", rendererInterop, arguments);
    }

    /// <summary>The box's text is <paramref name="text"/> (its last keystroke now): debounce, then one change event.</summary>
    private async Task<Sample> SearchAsync(string text, string expectedCount)
    {
        var typedAt = Stopwatch.GetTimestamp();
        var shown = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        int component;
        ulong handler;
        int debounce;
        lock (gate)
        {
            if (countText == expectedCount)
            {
                return new Sample(SampleOutcome.AlreadyShown, 0);
            }

            waiting = (expectedCount, shown);
            debounce = debounceMs;
        }

        await Task.Delay(debounce);
        await pageThread.WaitAsync();
        try
        {
            lock (gate)
            {
                (component, handler) = (searchComponent, changeHandler);
            }

            // The handler, the event's name, the field's new value (which the server writes into its copy of the
            // tree, as @bind expects), and ChangeEventArgs.
            await DispatchAsync(
                new { eventHandlerId = handler, eventName = "change", eventFieldInfo = new { componentId = component, fieldValue = text } },
                new { value = text },
                $"change «{text}»");
        }
        finally
        {
            pageThread.Release();
        }

        try
        {
            var shownAt = await shown.Task.WaitAsync(Typist.Timeout);
            return new Sample(SampleOutcome.Measured, Stopwatch.GetElapsedTime(typedAt, shownAt).TotalMilliseconds);
        }
        catch (TimeoutException)
        {
            lock (gate)
            {
                waiting = null;
                Console.Error.WriteLine($"timed out (tab {number}): count « {countText} », expected « {expectedCount} » after « {text} »");
            }

            return new Sample(SampleOutcome.TimedOut, 0);
        }
    }

    private async Task OnRenderBatchAsync(long batchId, byte[] data)
    {
        var arrived = Stopwatch.GetTimestamp();
        string? error = null;
        await pageThread.WaitAsync();
        try
        {
            try
            {
                Apply(new RenderBatchReader(data), arrived);
            }
            catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or InvalidOperationException)
            {
                // As blazor.web.js does when it cannot apply a batch: tell the server, which ends the circuit.
                error = e.ToString();
                client.Log.Problem(number, $"render batch {batchId} unreadable: {e.Message}");
            }

            await connection.SendAsync("OnRenderCompleted", batchId, error);
        }
        finally
        {
            pageThread.Release();
        }
    }

    private void Apply(RenderBatchReader batch, long arrived)
    {
        lock (gate)
        {
            var rendered = page.Apply(batch);
            // The box's change handler is replaced at each render of the box; the count's text is the user's answer.
            box = Locate(box, rendered, e => e["id"] == SearchId);
            count = Locate(count, rendered, e => e["data-testid"] == CountTestId);
            layout = Locate(layout, rendered, e => e["data-circuit"] is not null);
            if (box is var (component, input))
            {
                (searchComponent, changeHandler) = (component, input.HandlerOf("onchange"));
                (keyDownHandler, keyUpHandler) = (input.HandlerOf("onkeydown"), input.HandlerOf("onkeyup"));
                debounceMs = int.Parse(input["data-debounce"] ?? throw new InvalidOperationException($"#{SearchId} has no data-debounce"),
                    CultureInfo.InvariantCulture);
            }

            countText = count is var (_, shown) ? PageTree.TextContent(shown).Trim() : null;
            interactive = layout is var (_, main) && main["data-circuit"] == "ready";
            CheckOpened();
            if (waiting is { } w && w.Expected == countText)
            {
                waiting = null;
                w.Shown.TrySetResult(arrived);
            }
        }
    }

    /// <summary>The element found before if its component did not render since, else the one the batch's components hold.</summary>
    private (int, PageTree.Element)? Locate((int Component, PageTree.Element)? known, IReadOnlyCollection<int> rendered, Func<PageTree.Element, bool> match) =>
        known is { } k && page.IsAlive(k.Component) && !rendered.Contains(k.Component) ? known : page.Find(match, rendered);

    /// <summary>Open once the layout is live and the box, the count and the renderer's event entry point are known.</summary>
    private void CheckOpened()
    {
        if (interactive && changeHandler != 0 && keyDownHandler != 0 && keyUpHandler != 0 && countText is not null && rendererInterop >= 0)
        {
            opened.TrySetResult();
        }
    }

    private async Task OnBeginInvokeJSAsync(long asyncHandle, string identifier, string? argsJson, int resultType, long targetInstanceId, int callType)
    {
        if (identifier == "Blazor._internal.attachWebRendererInterop")
        {
            // (rendererId, DotNetObjectReference to the renderer's interop methods, …): events go to that object.
            lock (gate)
            {
                rendererInterop = JsonNode.Parse(argsJson!)![1]!["__dotNetObject"]!.GetValue<long>();
                CheckOpened();
            }
        }

        client.Log.Called(number, identifier);
        if (asyncHandle != 0)
        {
            // What the page's calls return in a browser: the two that return a value get the browser's, every
            // other one (focus, listeners, the address bar) is done with no value.
            // A call that asks for a JS object (JSCallResultType.JSObjectReference, a module import) gets a reference to
            // one, as the browser gives: null there would fail in the component rather than in the page.
            object? result = identifier switch
            {
                "mudpopoverHelper.countProviders" => 1, // the layout's one MudPopoverProvider
                "Blazor._internal.PageTitle.getAndRemoveExistingTitle" => title,
                _ when resultType == JSObjectReference => new Dictionary<string, int> { ["__jsObjectId"] = Interlocked.Increment(ref nextJSObjectId) },
                _ => null,
            };
            await connection.SendAsync("EndInvokeJSFromDotNet", asyncHandle, true, JsonSerializer.Serialize(new[] { asyncHandle, true, result }));
        }
    }

    [GeneratedRegex(@"<!--Blazor:(?<json>\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<title>(?<title>[^<]*)</title>")]
    private static partial Regex Title();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:(?<state>[a-zA-Z0-9+/=]+)-->")]
    private static partial Regex State();
}
