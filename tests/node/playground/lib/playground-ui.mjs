// The Agents Playground web UI (@microsoft/teams-app-test-tool 0.2.28) as a small page object.
// Selectors were found by reading the rendered DOM of that version; they are collected here so a UI change in a
// newer Playground is fixed in one place.
export const SELECTORS = {
  // Sidebar tree items; the team's channels are labelled "<team> - <channel>". Keep [role="treeitem"]: the group
  // chat's avatar group also has aria-label="Group Chat".
  conversations: {
    personal: '[role="treeitem"][aria-label="Personal Chat"]',
    group: '[role="treeitem"][aria-label="Group Chat"]',
    general: '[role="treeitem"][aria-label="My Team - General"]',
    announcements: '[role="treeitem"][aria-label="My Team - Announcements"]',
  },
  // The compose box is a Lexical editor. Do not use [contenteditable="true"] alone: the log panel on the right is
  // contenteditable too, so that selector matches two elements.
  editor: '[data-lexical-editor="true"]',
  // Typing "@" + a name opens this listbox; each candidate is a Fluent MenuItem with the display name as text.
  mentionMenuItem: '#typeahead-menu [role="menuitem"]',
  // Rendered Adaptive Cards (the adaptivecards JS renderer's root class) and their buttons.
  card: '.ac-adaptiveCard',
  sendButton: '[aria-label="Send Message"]',
  // A bot message's bubble (Fluent AI OutputCard). It holds the text of an informative or streaming activity, with a
  // progress bar, and is the same element that shows the final card when the stream ends. Messages the user sent
  // are not OutputCards.
  botMessage: '.fai-OutputCard',
  // Under a bot message with channelData.feedbackLoopEnabled: true.
  like: '[aria-label="Like"]',
  dislike: '[aria-label="Dislike"]',
  // Top bar "Mock an Activity" menu entries, by the id of their label.
  mockActivityItem: (labelId) => `[role="menuitem"][aria-labelledby="${labelId}"]`,
};

/** What the feedback dialog says (Playground 0.2.28 strings). */
export const FEEDBACK_DIALOG = {
  title: (botName) => `Submit feedback to ${botName}`,
  likeQuestion: 'What did you like?',
  dislikeQuestion: 'What went wrong?',
  thanks: 'Thank you!',
  // Shown in the dialog when the bot did not answer the invoke with 2xx.
  error: 'Unable to reach app. Please try again.',
};

// Text the Playground prints under a message when the bot used something it cannot render.
const PLAYGROUND_WARNING = /not supported yet in Microsoft 365 Agents playground/i;

export class PlaygroundUi {
  /** @param {import('playwright-core').Page} page */
  constructor(page, { baseUrl, timeoutMs }) {
    this.page = page;
    this.baseUrl = baseUrl;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Loads the UI and waits until it is usable. A click in the sidebar before the UI has loaded its config is lost
   * (it re-renders with the personal chat selected), so this waits for the first installation call: on every load
   * the UI POSTs /_debug/conversation/<personal chat id>/installation, which makes the Playground send
   * installationUpdate + conversationUpdate to the bot.
   */
  async open() {
    const installed = this.#installation();
    this.loadedAt = Date.now();
    await this.page.goto(this.baseUrl, { waitUntil: 'domcontentloaded', timeout: this.timeoutMs });
    await this.page.locator(SELECTORS.conversations.personal).waitFor({ state: 'visible', timeout: this.timeoutMs });
    const response = await installed;
    this.opened = new Set(['personal']);
    this.installStatus = response.status();
  }

  #installation() {
    const response = this.page.waitForResponse((r) => r.request().method() === 'POST'
      && /^\/_debug\/conversation\/[^/]+\/installation$/.test(new URL(r.url()).pathname), { timeout: this.timeoutMs });
    response.catch(() => {}); // awaited later; if an earlier step fails first, its rejection must not crash the run
    return response;
  }

  /**
   * Selects a conversation in the sidebar: personal | group | general | announcements. Opening a team channel the
   * first time makes the Playground send installationUpdate + conversationUpdate (teamMemberAdded) for the team.
   */
  async openConversation(which) {
    const selector = SELECTORS.conversations[which];
    if (!selector) throw new Error(`unknown conversation "${which}" (${Object.keys(SELECTORS.conversations).join(', ')})`);
    // The first time a conversation is opened in a page, the UI "installs" the bot there (see open()); waiting for
    // that call is the sign that the click took effect.
    const installed = this.opened.has(which) ? null : this.#installation();
    await this.page.locator(selector).click({ timeout: this.timeoutMs });
    await installed;
    this.opened.add(which);
    if (which === 'general' || which === 'announcements') {
      // A channel shows a "Start a new post" box with a Post button instead of the chat's compose box.
      await this.page.getByRole('button', { name: 'Post', exact: true }).waitFor({ state: 'visible', timeout: this.timeoutMs });
    }
    await this.editor().waitFor({ state: 'visible', timeout: this.timeoutMs });
  }

  /**
   * The compose box. In a channel with posts there is one editor per thread ("Type a message..." replies) after the
   * "Start a new post" box; the new-post box comes first in the DOM.
   */
  editor() {
    return this.page.locator(SELECTORS.editor).first();
  }

  /** Replaces the compose box's content with plain text. */
  async typeText(text) {
    const editor = this.editor();
    await editor.click({ timeout: this.timeoutMs });
    await editor.fill(text, { timeout: this.timeoutMs });
  }

  /** Appends text at the caret, key by key (needed after a mention chip, which fill() would erase). */
  async appendText(text) {
    await this.editor().pressSequentially(text, { timeout: this.timeoutMs });
  }

  /** Inserts an @mention: types "@" and the start of the name, then clicks the matching typeahead entry. */
  async mention(displayName) {
    const editor = this.editor();
    await editor.click({ timeout: this.timeoutMs });
    await editor.pressSequentially('@' + displayName.slice(0, Math.min(5, displayName.length)), { delay: 20 });
    const item = this.page.locator(SELECTORS.mentionMenuItem).filter({ hasText: displayName }).first();
    await item.waitFor({ state: 'visible', timeout: this.timeoutMs });
    await item.click();
  }

  /** Sends the composed message: Enter in chats; in a channel the compose box is a new post with a Post button. */
  async send({ channel = false } = {}) {
    if (channel) {
      await this.page.getByRole('button', { name: 'Post', exact: true }).click({ timeout: this.timeoutMs });
    } else {
      await this.editor().press('Enter', { timeout: this.timeoutMs });
    }
  }

  /** The last rendered Adaptive Card whose text contains `text`. */
  card(text) {
    return this.page.locator(SELECTORS.card).filter({ hasText: text }).last();
  }

  async waitForCard(text, timeoutMs = this.timeoutMs) {
    const card = this.card(text);
    await card.waitFor({ state: 'visible', timeout: timeoutMs });
    return card;
  }

  /** Cards whose text contains `text`, counted now. */
  async countCards(text) {
    return this.page.locator(SELECTORS.card).filter({ hasText: text }).count();
  }

  /**
   * The bot's message bubbles right now: [{ text, card }], text with white space collapsed and the streaming caret
   * removed, card true once the bubble shows an Adaptive Card. For polling while an answer streams.
   */
  async botMessages() {
    return this.page.evaluate(({ selector, cardSelector }) => [...document.querySelectorAll(selector)].map((e) => ({
      text: e.innerText.replace(/\s+/g, ' ').replace(/\s*\|\s*$/, '').trim(),
      card: e.querySelector(cardSelector) !== null,
    })), { selector: SELECTORS.botMessage, cardSelector: SELECTORS.card });
  }

  /** The Like or Dislike button under the last bot message that has them. */
  feedbackButton(reaction) {
    return this.page.locator(reaction === 'like' ? SELECTORS.like : SELECTORS.dislike).last();
  }

  dialog() {
    return this.page.getByRole('dialog');
  }

  /**
   * Top bar "Mock an Activity" > an entry (e.g. customActivityInstallButtonText = "Install application") > the
   * dialog's "Send activity". The activity goes to the bot for the conversation that is open.
   */
  async mockActivity(labelId) {
    await this.page.getByRole('button', { name: 'Mock an Activity', exact: true }).click({ timeout: this.timeoutMs });
    await this.page.locator(SELECTORS.mockActivityItem(labelId)).click({ timeout: this.timeoutMs });
    const dialog = this.dialog();
    await dialog.getByRole('button', { name: 'Send activity', exact: true }).click({ timeout: this.timeoutMs });
    await dialog.waitFor({ state: 'detached', timeout: this.timeoutMs });
  }

  /** Warnings the Playground shows under messages (features it cannot render), de-duplicated. */
  async warnings() {
    const texts = await this.page.getByText(PLAYGROUND_WARNING).allInnerTexts().catch(() => []);
    // The log panel repeats each warning, cut short with "...": keep the full ones under the messages.
    return [...new Set(texts.map((t) => t.trim()).filter((t) => !/(\.\.\.|…)$/.test(t)))];
  }

  /** The log panel's text (what the Playground and the bot exchanged), for diagnosis after a failure. */
  async logPanelText() {
    return this.page.locator('[contenteditable="true"][spellcheck="false"]').first().innerText({ timeout: 2000 })
      .catch(() => '');
  }
}
