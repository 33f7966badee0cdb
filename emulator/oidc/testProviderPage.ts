/**
 * The built-in OpenID provider's sign-in page, served by the emulator itself like Firebase's auth
 * emulator does (emulator-only, not Kratos): `GET /emulator/oidc/{provider}/authorize` shows the
 * configured test accounts and a form to type any other account; `POST` issues an authorization code
 * and sends the browser back to Kratos' callback with `code` and `state` (or `error=access_denied`).
 * Plain HTML, no scripts, no external assets.
 */
import { randomAlphanumeric } from '../crypto/tokens';
import { decodeFormValues, readJsonBody, type FieldSpec } from '../http/body';
import { badRequest, notFound } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendError, sendJson } from '../http/respond';
import { isJsonObject, type JsonObject } from '../json';
import type { OidcProviderConfig, OidcTestAccount } from '../options';
import { mintIdToken } from './idToken';
import { callbackUrl, findProvider } from './oidcProviders';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>(
  ['state', 'redirect_uri', 'subject', 'email', 'name', 'email_verified', 'action', 'nonce'].map((name) => [
    name,
    { type: 'string', required: false },
  ]),
);

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

function accountForm(action: string, state: string, redirectUri: string, account: OidcTestAccount): string {
  const who =
    account.name !== undefined && account.name !== '' ? account.name : (account.email ?? account.subject);
  return `<form method="post" action="${escapeHtml(action)}" class="account">
  ${hidden('state', state)}${hidden('redirect_uri', redirectUri)}${hidden('subject', account.subject)}
  ${hidden('email', account.email ?? '')}${hidden('name', account.name ?? '')}${hidden('email_verified', account.emailVerified === false ? 'false' : 'true')}
  <button type="submit"><strong>${escapeHtml(who)}</strong><span>${escapeHtml(account.email ?? '')} · subject ${escapeHtml(account.subject)}</span></button>
</form>`;
}

function page(provider: OidcProviderConfig, action: string, state: string, redirectUri: string): string {
  const accounts = provider.accounts
    .map((account) => accountForm(action, state, redirectUri, account))
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in with ${escapeHtml(provider.label)} (Ory emulator)</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; padding: 2rem 1rem; color: #1f2430; }
  main { max-width: 28rem; margin: 0 auto; background: #fff; border-radius: 12px; padding: 1.5rem 2rem; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  p.note { color: #5b6170; font-size: .9rem; margin: 0 0 1.25rem; }
  form.account button { width: 100%; text-align: left; padding: .7rem .9rem; margin: 0 0 .5rem; border: 1px solid #d5d8de; border-radius: 8px; background: #fafbfc; cursor: pointer; }
  form.account button:hover { border-color: #4f46e5; }
  form.account span { display: block; color: #5b6170; font-size: .85rem; }
  fieldset { border: 1px solid #d5d8de; border-radius: 8px; margin: 1rem 0 0; padding: .75rem 1rem 1rem; }
  label { display: block; font-size: .85rem; margin: .6rem 0 .2rem; }
  input[type=text], input[type=email] { width: 100%; box-sizing: border-box; padding: .45rem .5rem; border: 1px solid #c3c7cf; border-radius: 6px; }
  .row { display: flex; gap: .5rem; margin-top: 1rem; }
  .row button { flex: 1; padding: .55rem; border-radius: 6px; border: 0; background: #4f46e5; color: #fff; cursor: pointer; }
  .row button.cancel { background: #e4e6eb; color: #1f2430; }
</style>
</head>
<body>
<main>
<h1>Sign in with ${escapeHtml(provider.label)}</h1>
<p class="note">Test provider of the Ory emulator (development only): no password; pick an account or type one.</p>
${accounts}
<form method="post" action="${escapeHtml(action)}">
  ${hidden('state', state)}${hidden('redirect_uri', redirectUri)}
  <fieldset>
    <legend>Another account</legend>
    <label for="email">Email</label><input type="email" id="email" name="email" placeholder="jane@example.com">
    <label for="subject">Subject (the provider's user id; defaults to the email)</label><input type="text" id="subject" name="subject">
    <label for="name">Name</label><input type="text" id="name" name="name" placeholder="Jane Doe">
    <label><input type="checkbox" name="email_verified" value="true" checked> Email verified</label>
  </fieldset>
  <div class="row">
    <button type="submit" name="action" value="cancel" class="cancel">Cancel</button>
    <button type="submit" name="action" value="sign_in">Sign in</button>
  </div>
</form>
</main>
</body>
</html>
`;
}

function providerOf(ctx: RequestContext): OidcProviderConfig | undefined {
  const provider = findProvider(ctx.deps.config, ctx.params.provider ?? '');
  if (!provider) sendError(ctx, notFound('This OpenID provider is not configured in the Ory emulator.'));
  return provider;
}

export function showSignInPage(ctx: RequestContext): void {
  const provider = providerOf(ctx);
  if (!provider) return;
  const state = ctx.query.get('state') ?? '';
  const redirectUri = ctx.query.get('redirect_uri') ?? callbackUrl(ctx, provider.id);
  const action = `${ctx.deps.config.publicBaseUrl}emulator/oidc/${provider.id}/authorize`;
  ctx.res.statusCode = 200;
  ctx.res.setHeader('Content-Type', 'text/html; charset=utf-8');
  ctx.res.setHeader('Cache-Control', 'private, no-cache, no-store, must-revalidate');
  ctx.res.end(page(provider, action, state, redirectUri));
}

/** The account submitted: a code for the callback, or `access_denied` when cancelled. */
export async function signIn(ctx: RequestContext): Promise<void> {
  const provider = providerOf(ctx);
  if (!provider) return;
  const text = (await ctx.body()).toString('utf8');
  const form = decodeFormValues(new URLSearchParams(text), FIELDS);
  const field = (name: string): string => (typeof form[name] === 'string' ? form[name] : '');
  const target = new URL(field('redirect_uri') || callbackUrl(ctx, provider.id));
  target.searchParams.set('state', field('state'));
  if (field('action') === 'cancel') {
    target.searchParams.set('error', 'access_denied');
    target.searchParams.set('error_description', 'The resource owner denied the request');
    redirect(ctx, 303, target.toString());
    return;
  }
  const email = field('email').trim();
  const code = randomAlphanumeric(43);
  ctx.deps.store.oidcCodes.set(code, {
    provider: provider.id,
    subject: field('subject').trim() || email || randomAlphanumeric(12),
    email: email === '' ? undefined : email,
    emailVerified: field('email_verified') === 'true',
    name: field('name').trim() || undefined,
  });
  target.searchParams.set('code', code);
  redirect(ctx, 303, target.toString());
}

/**
 * `POST /emulator/oidc/{provider}/id-token` (JSON: `sub`, `email`, `email_verified`, `name`,
 * `given_name`, `family_name`, `nonce`): the `id_token` a native SDK would hold after signing in,
 * for `id_token` + `id_token_nonce` submissions to a provider with `acceptIdTokens`.
 */
export async function mintIdTokenForApp(ctx: RequestContext): Promise<void> {
  const provider = providerOf(ctx);
  if (!provider) return;
  if (!provider.acceptIdTokens) {
    sendError(ctx, badRequest(`The provider "${provider.id}" does not accept id_tokens (acceptIdTokens).`));
    return;
  }
  const body = await readJsonBody(ctx);
  const claims: JsonObject = isJsonObject(body) ? { ...body } : {};
  const now = Math.floor(ctx.deps.now().getTime() / 1000);
  // What `fedcm-test` ignores still makes the token look like a provider's.
  claims.iss ??= `${ctx.deps.config.publicBaseUrl}emulator/oidc/${provider.id}`;
  claims.iat ??= now;
  claims.exp ??= now + 3600;
  sendJson(ctx, 200, { id_token: mintIdToken(claims) });
}
