namespace TeamsBot.Knowledge;

/// <summary>Thrown by a reader or download that refuses a file; carries the reason shown to the user.</summary>
public sealed class FileRefusedException : Exception
{
    public FileRefusedException()
    {
    }

    public FileRefusedException(string message)
        : base(message)
    {
    }

    public FileRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FileRefusedException(FileRefusal reason, Exception? innerException = null)
        : base("The file was refused: " + reason, innerException)
    {
        Reason = reason;
    }

    public FileRefusal Reason { get; } = FileRefusal.Unreadable;
}
