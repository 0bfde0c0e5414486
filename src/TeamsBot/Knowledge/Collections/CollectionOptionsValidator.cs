using Microsoft.Extensions.Options;

namespace TeamsBot.Knowledge.Collections;

/// <summary>Checks Knowledge:Collections at startup, with messages that name the setting.</summary>
internal sealed class CollectionOptionsValidator : IValidateOptions<CollectionOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (string root in options.AllowedRoots)
        {
            if (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root) || Path.GetFullPath(root) == Path.GetPathRoot(Path.GetFullPath(root)))
            {
                failures.Add($"Knowledge:Collections:AllowedRoots: '{root}' must be an absolute folder path other than the file system's root.");
            }
        }

        if (options.ReindexInterval < TimeSpan.FromSeconds(10) || options.ReindexInterval > TimeSpan.FromDays(7))
        {
            failures.Add("Knowledge:Collections:ReindexInterval must be between 00:00:10 and 7.00:00:00.");
        }

        if (options.IndexLease < TimeSpan.FromSeconds(30) || options.IndexLease > TimeSpan.FromHours(1))
        {
            failures.Add("Knowledge:Collections:IndexLease must be between 00:00:30 and 01:00:00.");
        }

        if (options.DocumentTimeout <= TimeSpan.Zero || options.DocumentTimeout >= options.IndexLease)
        {
            failures.Add("Knowledge:Collections:DocumentTimeout must be more than 0 and less than IndexLease (the lease is renewed between documents).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
