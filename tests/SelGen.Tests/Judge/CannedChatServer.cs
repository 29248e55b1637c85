using Xunit;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SelGen.Tests.Judge;

/// <summary>A request the server received: its number (from 1), JSON body and Authorization header.</summary>
sealed record ReceivedRequest(int Number, JsonObject Body, string? Authorization)
{
    public string Prompt => Body["messages"]![0]!["content"]!.GetValue<string>();
}

/// <summary>What the server answers: a status, a body, optionally after a delay or with headers.</summary>
sealed record Reply(int Status, string Body, TimeSpan Delay = default, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>A 200 chat completion whose single token's top log-probabilities are these (token, probability) pairs.</summary>
    public static Reply Logprobs(params (string Token, double P)[] top)
    {
        var list = new JsonArray(top.Select(t => (JsonNode)new JsonObject
        {
            ["token"] = t.Token,
            ["logprob"] = Math.Log(t.P),
            ["bytes"] = new JsonArray(Encoding.UTF8.GetBytes(t.Token).Select(b => (JsonNode)(int)b).ToArray()),
        }).ToArray());
        var first = top[0].Token;
        var body = new JsonObject
        {
            ["id"] = "chatcmpl-test",
            ["object"] = "chat.completion",
            ["created"] = 1700000000,
            ["model"] = "judge-model",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = first },
                ["logprobs"] = new JsonObject
                {
                    ["content"] = new JsonArray(new JsonObject
                    {
                        ["token"] = first, ["logprob"] = Math.Log(top[0].P), ["bytes"] = new JsonArray(), ["top_logprobs"] = list,
                    }),
                },
                ["finish_reason"] = "length",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 300, ["completion_tokens"] = 1, ["total_tokens"] = 301 },
        };
        return new Reply(200, body.ToJsonString());
    }

    /// <summary>Cuts the connection in the middle of the answer, as a crashing proxy would.</summary>
    public static readonly Reply Drop = new(-1, "");

    public static Reply Error(int status, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error" } }.ToJsonString());
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener on a free port) that answers chat-completion requests with
/// canned replies chosen by a function of the request, and records every request.
/// </summary>
sealed class CannedChatServer : IDisposable
{
    readonly HttpListener listener = new();
    readonly Func<ReceivedRequest, Reply> respond;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    int count, inFlight, maxInFlight;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();
    public string BaseUrl { get; }
    public int Count => Volatile.Read(ref count);
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public CannedChatServer(Func<ReceivedRequest, Reply> respond)
    {
        this.respond = respond;
        int port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(AcceptLoop);
    }

    /// <summary>Replies in order, the last one repeated for any further requests.</summary>
    public static CannedChatServer Sequence(params Reply[] replies) =>
        new(r => replies[Math.Min(r.Number, replies.Length) - 1]);

    async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) when (stop.IsCancellationRequested) { return; }
            _ = Task.Run(() => Handle(context));
        }
    }

    async Task Handle(HttpListenerContext context)
    {
        int now = Interlocked.Increment(ref inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen) { }
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = (JsonObject)JsonNode.Parse(await reader.ReadToEndAsync())!;
            var request = new ReceivedRequest(Interlocked.Increment(ref count), body, context.Request.Headers["Authorization"]);
            Requests.Enqueue(request);
            var reply = respond(request);
            if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, stop.Token);
            if (reply == Reply.Drop)
            {
                // Promise a body, send a piece of it, then cut the connection.
                context.Response.ContentLength64 = 1000;
                await context.Response.OutputStream.WriteAsync("{\"choices\""u8.ToArray(), stop.Token);
                await context.Response.OutputStream.FlushAsync(stop.Token);
                context.Response.Abort();
                return;
            }
            context.Response.StatusCode = reply.Status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) context.Response.Headers[name] = value;
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, stop.Token);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client gave up (time-out test) or the server is stopping: nothing to answer.
            try { context.Response.Abort(); } catch (Exception) { }
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        try { loop.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        stop.Dispose();
    }
}
