// The scenarios drive.mjs can run, by name. A scenario is { name, description, run(ctx) -> details }; it throws
// ScenarioFailure (see common.mjs) with a sentence a person can act on.
//
// ctx: { page, ui (PlaygroundUi), options, screenshot(name) -> path }
// options: { baseUrl, timeoutMs, artifacts, question, botName, modelLog, tapLog }
//
// Scenarios still to write, and how (tried by hand in Playground 0.2.28 against this bot):
// - welcome: every page load makes the UI POST /_debug/conversation/<personal chat id>/installation, and the
//   Playground then sends installationUpdate (action "add", `from` without a name) and conversationUpdate
//   (membersAdded: user and bot) for the personal chat; opening a group chat or channel the first time in a page
//   does the same there (eventType teamMemberAdded in the team). A welcome card needs no typing:
//   ui.open(); ui.openConversation('personal'); ui.waitForCard('<welcome title>'). By hand: top bar
//   getByRole('button', {name: 'Mock an Activity'}) -> '[role="menuitem"][aria-labelledby="customActivityInstallButtonText"]'
//   opens a dialog with the activity's JSON (editable) and a "Send activity" button. The bot sends no welcome yet.
// - feedback: a bot message with channelData.feedbackLoopEnabled: true gets buttons [aria-label="Like"] and
//   [aria-label="Dislike"] under it. Clicking one opens getByRole('dialog') "Submit feedback to TeamsBot" with one
//   textbox and a "Submit" button. Submit posts an invoke to the bot: name "message/submitAction",
//   value {actionName: "feedback", actionValue: {reaction: "like" | "dislike", feedback: "<the text, plain>"}},
//   with conversation.tenantId but no channelData.tenant and no replyToId (real Teams sends the rated message's
//   id as replyToId and feedback as a JSON string). If the bot does not answer 200 the dialog says "Unable to
//   reach app. Please try again." (today the bot answers the invoke 501). The bot does not enable feedback yet.
import personal from './personal.mjs';
import { channelMention, groupMention } from './mention.mjs';

export const scenarios = Object.fromEntries([personal, channelMention, groupMention].map((s) => [s.name, s]));
