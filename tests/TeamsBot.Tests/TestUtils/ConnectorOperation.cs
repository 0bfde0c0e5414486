namespace TeamsBot.Tests.TestUtils;

/// <summary>What a request to <see cref="ConnectorDouble"/> was, by method and route.</summary>
public enum ConnectorOperation
{
    Other,

    /// <summary>POST v3/conversations/{conversationId}/activities</summary>
    SendToConversation,

    /// <summary>POST v3/conversations/{conversationId}/activities/{activityId}</summary>
    ReplyToActivity,

    /// <summary>PUT v3/conversations/{conversationId}/activities/{activityId}</summary>
    UpdateActivity,

    /// <summary>DELETE v3/conversations/{conversationId}/activities/{activityId}</summary>
    DeleteActivity,

    /// <summary>POST v3/conversations</summary>
    CreateConversation,

    /// <summary>GET v3/conversations/{conversationId}/members[/{memberId}] or pagedmembers</summary>
    GetMembers,
}
