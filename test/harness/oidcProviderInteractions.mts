/**
 * The test OpenID provider's accounts and its login and consent pages: plain HTML forms a test drives with
 * fetch and a cookie jar (oidcSignIn.ts), no JavaScript. Part of the provider process (oidcProviderServer.mts).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { Interaction, InteractionResult } from 'oidc-provider';

/** An account's claims as the provider releases them; `sub` is always there. */
export type Claims = { sub: string } & Record<string, string | boolean>;

/** Who signs in: a fixed account by name, or anyone by email or subject (see `OidcAccountChoice`, oidcProvider.ts). */
export interface AccountChoice {
  account?: string;
  email?: string;
  /** The subject; without it, one derived from the email. Without an email, there is no email claim. */
  subject?: string;
  name?: string;
  emailVerified?: boolean;
}

/** Same rule as `subjectForEmail` in oidcProvider.ts: stable across runs, opaque like a real provider's. */
export function subjectForEmail(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

export class Accounts {
  /** Accounts that signed in by email; keyed by subject, newest claims win. */
  private readonly typedIn = new Map<string, Claims>();

  constructor(readonly fixed: Readonly<Record<string, Claims>>) {}

  /** The claims of a subject this provider issued. */
  bySubject(sub: string): Claims | undefined {
    return this.typedIn.get(sub) ?? Object.values(this.fixed).find((claims) => claims.sub === sub);
  }

  /** A fixed account, or one made up (and remembered) for an email or subject; undefined when none is given. */
  choose(choice: AccountChoice): Claims | undefined {
    if (choice.account !== undefined && choice.account !== '') return this.fixed[choice.account];
    const email = choice.email?.trim() ?? '';
    const subject = choice.subject?.trim() ?? '';
    if (email === '' && subject === '') return undefined;
    const claims: Claims = { sub: subject === '' ? subjectForEmail(email) : subject };
    if (email !== '') Object.assign(claims, { email, email_verified: choice.emailVerified !== false });
    const name = choice.name?.trim() ?? '';
    if (name !== '') {
      const [first = '', ...rest] = name.split(/\s+/);
      Object.assign(
        claims,
        { name, given_name: first },
        rest.length > 0 ? { family_name: rest.join(' ') } : {},
      );
    }
    this.typedIn.set(claims.sub, claims);
    return claims;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`);
}

/** One form per way in: a button per fixed account, or an email and/or subject (and a name) typed in. */
function loginPage(res: ServerResponse, accounts: Accounts, pending: Interaction): void {
  const action = `/interaction/${pending.uid}/login`;
  const hint = typeof pending.params.login_hint === 'string' ? pending.params.login_hint : '';
  const buttons = Object.entries(accounts.fixed).map(([key, claims]) => {
    const label = typeof claims.email === 'string' ? claims.email : key;
    return `<button type="submit" name="account" value="${escapeHtml(key)}">${escapeHtml(label)}</button>`;
  });
  page(
    res,
    200,
    'Sign in',
    `<h1>Sign in to the test provider</h1>
<form method="post" action="${action}">${buttons.join('\n')}</form>
<form method="post" action="${action}">
<input type="email" name="email" value="${escapeHtml(hint)}">
<input type="text" name="subject">
<input type="text" name="name">
<select name="email_verified"><option value="true">verified</option><option value="false">unverified</option></select>
<button type="submit">Sign in</button>
</form>`,
  );
}

function consentPage(res: ServerResponse, pending: Interaction): void {
  const scopes = pending.prompt.details.missingOIDCScope ?? [];
  page(
    res,
    200,
    'Consent',
    `<h1>Allow access to ${escapeHtml(scopes.join(' '))}?</h1>
<form method="post" action="/interaction/${pending.uid}/confirm"><button type="submit">Allow</button></form>
<form method="post" action="/interaction/${pending.uid}/abort"><button type="submit">Deny</button></form>`,
  );
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk as Uint8Array));
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Grants what the consent prompt asks for, on top of any earlier grant of the same session. */
async function grantConsent(provider: Provider, pending: Interaction): Promise<string> {
  const accountId = pending.session?.accountId;
  const clientId = pending.params.client_id;
  if (accountId === undefined || typeof clientId !== 'string') throw new Error('consent without a session');
  const earlier = pending.grantId === undefined ? undefined : await provider.Grant.find(pending.grantId);
  const grant = earlier ?? new provider.Grant({ accountId, clientId });
  const { details } = pending.prompt;
  if (details.missingOIDCScope !== undefined) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims !== undefined) grant.addOIDCClaims(details.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  return grant.save();
}

/** The result a submitted form asks for; undefined when the login form named nobody (it is shown again). */
async function resultOf(
  provider: Provider,
  accounts: Accounts,
  req: IncomingMessage,
  pending: Interaction,
  step: string,
): Promise<InteractionResult | undefined | 'unknown step'> {
  switch (step) {
    case 'login': {
      const form = await formBody(req);
      const claims = accounts.choose({
        account: form.get('account') ?? undefined,
        email: form.get('email') ?? undefined,
        subject: form.get('subject') ?? undefined,
        name: form.get('name') ?? undefined,
        emailVerified: form.get('email_verified') !== 'false',
      });
      return claims === undefined ? undefined : { login: { accountId: claims.sub } };
    }
    case 'confirm':
      return { consent: { grantId: await grantConsent(provider, pending) } };
    case 'abort':
      return { error: 'access_denied', error_description: 'End-User aborted interaction' };
    default:
      return 'unknown step';
  }
}

/** GET /interaction/:uid shows the page; POST /interaction/:uid/{login,confirm,abort} takes its form. */
export async function handleInteraction(
  provider: Provider,
  accounts: Accounts,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const pending = await provider.interactionDetails(req, res);
  const [, , uid, step] = new URL(req.url ?? '/', provider.issuer).pathname.split('/');
  if (uid !== pending.uid) {
    page(res, 400, 'Error', 'This interaction is not the current one.');
  } else if (req.method === 'GET' && step === undefined) {
    if (pending.prompt.name === 'login') loginPage(res, accounts, pending);
    else consentPage(res, pending);
  } else if (req.method !== 'POST' || step === undefined) {
    page(res, 405, 'Error', 'Method not allowed.');
  } else {
    const result = await resultOf(provider, accounts, req, pending, step);
    if (result === 'unknown step') page(res, 404, 'Error', 'Unknown interaction step.');
    else if (result === undefined) loginPage(res, accounts, pending);
    // A login replaces what an earlier login step submitted; a consent adds to it.
    else
      await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: 'consent' in result });
  }
}
