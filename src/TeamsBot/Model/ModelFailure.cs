using System.ClientModel;
using System.Globalization;
using System.Text.Json;

namespace TeamsBot.Model;

/// <summary>Why a model call failed, in terms a user card and an audit record can use.</summary>
public sealed record ModelFailure(ModelFailureKind Kind, TimeSpan? RetryAfter = null, int? Status = null)
{
    public static ModelFailure? From(Exception exception) => exception switch
    {
        ModelNotConfiguredException => new(ModelFailureKind.NotConfigured),
        ModelTimeoutException => new(ModelFailureKind.Timeout),
        ClientResultException result => FromStatus(result),
        HttpRequestException => new(ModelFailureKind.Unreachable),
        Azure.Identity.AuthenticationFailedException => new(ModelFailureKind.Unauthorized),
        _ => null,
    };

    private static ModelFailure FromStatus(ClientResultException exception)
    {
        var response = exception.GetRawResponse();
        int status = exception.Status;
        string? code = ReadErrorCode(response);
        return status switch
        {
            0 => new(ModelFailureKind.Unreachable),
            400 when code is "content_filter" => new(ModelFailureKind.PromptFiltered, Status: status),
            400 when code is "context_length_exceeded" => new(ModelFailureKind.ContextTooLong, Status: status),
            401 or 403 => new(ModelFailureKind.Unauthorized, Status: status),
            404 => new(ModelFailureKind.DeploymentNotFound, Status: status),
            408 => new(ModelFailureKind.Timeout, Status: status),
            429 => new(ModelFailureKind.Throttled, RetryAfterOf(response), status),
            // An overloaded server may say when to come back on 503 as well.
            503 => new(ModelFailureKind.ServerError, RetryAfterOf(response), status),
            _ => new(ModelFailureKind.ServerError, Status: status),
        };
    }

    /// <summary>Azure sends retry-after-ms / x-ms-retry-after-ms as well as the standard retry-after seconds.</summary>
    /// <summary>
    /// True when the failure says the model server is down or overloaded (throttled, 5xx, unreachable, slow), as
    /// opposed to the server answering and refusing this one request (filters, context length, credentials).
    /// </summary>
    public bool IsOutage => Kind is ModelFailureKind.Throttled or ModelFailureKind.ServerError
        or ModelFailureKind.Unreachable or ModelFailureKind.Timeout;

    internal static TimeSpan? RetryAfterOf(System.ClientModel.Primitives.PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        foreach (string header in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(header, out string? ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double millis))
            {
                return TimeSpan.FromMilliseconds(Math.Max(0, millis));
            }
        }

        if (response.Headers.TryGetValue("retry-after", out string? value))
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            {
                return TimeSpan.FromSeconds(Math.Max(0, seconds));
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var delay = at - DateTimeOffset.UtcNow;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static string? ReadErrorCode(System.ClientModel.Primitives.PipelineResponse? response)
    {
        try
        {
            if (response?.Content is not { } content || content.ToMemory().IsEmpty)
            {
                return null;
            }

            using var json = JsonDocument.Parse(content.ToMemory());
            return json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // The body was streamed and is no longer buffered.
            return null;
        }
    }
}
