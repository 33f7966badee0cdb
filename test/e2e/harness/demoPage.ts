/**
 * The demo page as the tests use it: by Ory's node names (`identifier`, `traits.email`, `totp_code`, a button
 * `method=password`), which are the same whatever the backend, since the page renders Ory's nodes as they come.
 */
import type { Locator, Page } from 'playwright-core';
import type { DemoServer } from './demoServer';

export type FlowKind = 'login' | 'registration' | 'recovery' | 'verification' | 'settings';

/** How long the page may take for one step (a flow, a sign-in); Kratos hashes passwords with bcrypt. */
const STEP_TIMEOUT_MS = 15_000;

export class DemoPage {
  constructor(
    readonly page: Page,
    readonly server: DemoServer,
  ) {
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
  }

  async open(path = '/demo/'): Promise<void> {
    await this.page.goto(this.server.url(path));
  }

  /** The view of a `kind` flow (in `state`, when given), once it is on screen. */
  async flow(kind: FlowKind, state?: string): Promise<Locator> {
    const selector = `section.flow-view--${kind}${state === undefined ? '' : `[data-flow-state="${state}"]`}`;
    const view = this.page.locator(selector);
    await view.waitFor();
    return view;
  }

  async fill(name: string, value: string): Promise<void> {
    await this.page.locator(`form.flow input[name="${name}"]`).fill(value);
  }

  /** Presses the flow's button called `name` (with `value`, when several share the name, like `method`). */
  async press(name: string, value?: string): Promise<void> {
    const valueSelector = value === undefined ? '' : `[value="${value}"]`;
    await this.page.locator(`form.flow button[name="${name}"]${valueSelector}`).click();
  }

  /** A button of the page itself (not of a flow), by its text. */
  async click(text: string): Promise<void> {
    await this.page.getByRole('button', { name: text, exact: true }).click();
  }

  /** The home view once it shows a signed-in user. */
  async signedIn(): Promise<Locator> {
    const account = this.page.locator('[data-signed-in="true"]');
    await account.waitFor();
    return account;
  }

  async signedOut(): Promise<void> {
    await this.page.locator('[data-signed-in="false"]').waitFor();
  }

  /** The notice line (what just happened, or what went wrong). */
  notice(): Locator {
    return this.page.locator('#status .notice');
  }

  async signUp(email: string, password: string): Promise<void> {
    await this.open('/demo/registration');
    await this.flow('registration');
    await this.fill('traits.email', email);
    await this.fill('password', password);
    await this.press('method', 'password');
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.open('/demo/login');
    await this.flow('login');
    await this.fill('identifier', email);
    await this.fill('password', password);
    await this.press('method', 'password');
  }

  async signOut(): Promise<void> {
    await this.open('/demo/');
    await this.signedIn();
    await this.click('Sign out');
    await this.signedOut();
  }

  /**
   * Runs `action` (which makes Ory send a message) and returns the code of the new message of `template` the
   * page's courier panel shows (`verification_code_valid`, `login_code_valid`, `recovery_code_valid`, ...).
   */
  async courierCode(template: string, action: () => Promise<void>): Promise<string> {
    const messages = this.page.locator(`#courier article[data-template="${template}"]`);
    const seen = new Set(await this.messageIds(messages));
    await action();
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      for (const message of await messages.all()) {
        const id = await message.getAttribute('data-message-id');
        if (id !== null && !seen.has(id))
          return (await message.locator('[data-courier-code]').textContent()) ?? '';
      }
      await this.page.waitForTimeout(250);
      const refresh = this.page.locator('#courier button', { hasText: 'Refresh' });
      if (await refresh.isVisible()) await refresh.click();
    }
    throw new Error(`the page showed no new ${template} message`);
  }

  private async messageIds(messages: Locator): Promise<string[]> {
    const ids = await Promise.all(
      (await messages.all()).map((message) => message.getAttribute('data-message-id')),
    );
    return ids.filter((id): id is string => id !== null);
  }
}
