namespace TeamsBot.Knowledge.Extraction;

/// <summary>The bounds a reader keeps to; passing one refuses the file (<see cref="FileRefusal.OverLimits"/>).</summary>
public sealed record ExtractionLimits(int MaxChars, int MaxPages, long MaxUnpackedBytes, int MaxCompressionRatio)
{
    public static ExtractionLimits From(KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxExtractedChars, options.MaxPages, options.MaxUnpackedBytes, options.MaxCompressionRatio);
    }
}
