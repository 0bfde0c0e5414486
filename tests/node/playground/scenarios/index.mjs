// The scenarios drive.mjs can run, by name. A scenario is { name, description, run(ctx) -> details }; it throws
// ScenarioFailure (see common.mjs) with a sentence a person can act on.
//
// ctx: { page, ui (PlaygroundUi), options, screenshot(name) -> path }
// options: { baseUrl, timeoutMs, artifacts, question, botName, modelLog, tapLog }
//
// Scenarios still to write, and how (found in Playground 0.2.28):
// - welcome: the UI posts /_debug/conversation/<id>/installation on every page load, which makes the Playground
//   send installationUpdate (action "add") then conversationUpdate (membersAdded: user + bot) for the personal chat;
//   opening "My Team - General" the first time does the same for the team (eventType teamMemberAdded). A welcome
//   card would appear with no typing: ui.open(), openConversation('personal'), ui.waitForCard('<welcome title>').
//   "Mock an Activity" (top bar) can also trigger install/uninstall and custom activities by hand.
// - feedback: the Playground's client reads channelData.feedbackLoopEnabled from the bot's message and keeps a
//   feedback state per message; its server builds invoke "message/submitAction" activities (value from the
//   feedback dialog). Not tried in a browser yet: find the thumbs buttons on the answer, click one, fill the
//   dialog, then assert with the tap log (direction to-bot, type invoke, name message/submitAction, status 200).
//   The bot does not enable feedback yet, so there is nothing to click.
import personal from './personal.mjs';
import { channelMention, groupMention } from './mention.mjs';

export const scenarios = Object.fromEntries([personal, channelMention, groupMention].map((s) => [s.name, s]));
