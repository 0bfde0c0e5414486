// The scenarios drive.mjs can run, by name, in the order `run-e2e.sh all` runs them. A scenario is
// { name, description, run(ctx) -> details }; it throws ScenarioFailure (see common.mjs) with a sentence a person can
// act on.
//
// ctx: { page, ui (PlaygroundUi), options, screenshot(name) -> path }
// options: { baseUrl, timeoutMs, artifacts, question, botName, welcomeTitle, modelLog, tapLog, db, feedbackQuery,
//            botLog, feedbackLog }
//
// "welcome" comes first: it needs the personal chat's first install (see welcome.mjs).
import welcome from './welcome.mjs';
import personal from './personal.mjs';
import { channelMention, groupMention } from './mention.mjs';
import feedback from './feedback.mjs';
import files from './files.mjs';

export const scenarios = Object.fromEntries([welcome, personal, channelMention, groupMention, feedback, files]
  .map((s) => [s.name, s]));
