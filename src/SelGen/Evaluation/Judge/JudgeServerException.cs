using System.Net;

namespace SelGen.Evaluation.Judge;

/// <summary>
/// The judge endpoint could not give a score: a refused request, an unusable answer, or retries exhausted.
/// The message names the URL, the status and what to check; it never contains the API key.
/// </summary>
public sealed class JudgeServerException(string message, HttpStatusCode? status = null, Exception? inner = null)
    : SelGenException(message, inner)
{
    /// <summary>The last HTTP status, or null when there was none (time-out, network error, unreadable body).</summary>
    public HttpStatusCode? Status { get; } = status;
}
