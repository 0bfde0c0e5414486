using TeamsBot.Policy;

namespace TeamsBot.Pipeline;

/// <summary>
/// Admission again when the stored message is answered: receipt already admitted the user, but a turn can wait (a
/// busy model, a restart), and a user blocked or removed from a group meanwhile must not be answered. Sets the
/// tenant's policy (and the department, when the directory was asked) for the stages after it.
/// </summary>
public sealed class AdmissionStage(Admission admission) : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var admitted = await admission.CheckAsync(turn.TenantId, turn.UserId, turn.Scope, cancellationToken);
        turn.Policy = admitted.Policy;
        turn.Department = admitted.Department;
        if (!admitted.IsAdmitted)
        {
            turn.Refuse(admitted.RefusalRule!);
            await turn.Reply.SendCardAsync(admitted.RefusalCard!, cancellationToken);
            return;
        }

        await next(turn, cancellationToken);
    }
}
