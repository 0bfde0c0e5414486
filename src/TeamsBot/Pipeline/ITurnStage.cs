namespace TeamsBot.Pipeline;

/// <summary>Calls the rest of the pipeline. A stage that refuses the turn does not call it.</summary>
public delegate Task Next(TurnRequest turn, CancellationToken cancellationToken);

/// <summary>One step of answering a message. Stages see a <see cref="TurnRequest"/>, never the Bot Framework.</summary>
public interface ITurnStage
{
    Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken);
}
