/**
 * Account linking: a social sign-up whose email (or another identifier) already belongs to an
 * identity does not fail; Kratos turns it into a login flow for that identity
 * (`HandleError` → `registrationToLogin` → `populateAccountLinkingUI`), remembers the social
 * account in the flow (`SetDuplicateCredentials`), and links it once the user signs in there
 * (`PostLoginHook` → `maybeLinkCredentials`).
 */
import type { DuplicateCredentials, LoginFlow, RegistrationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { goEncodeQuery } from '../admin/pagination';
import { isJsonRequest } from '../http/negotiation';
import type { RequestContext } from '../http/requestContext';
import { redirect, sendJson } from '../http/respond';
import { passwordIdentifiers, type Identity, type ProviderCredential } from '../identity/identity';
import type { IdentitySchema } from '../identity/schemaRegistry';
import { createLoginFlow } from '../login/loginFlow';
import { loginFlowJson } from '../login/loginFlowJson';
import type { OidcProviderConfig } from '../options';
import { completedLoginFor, type Session } from '../session/session';
import { messages } from '../text/messages';
import type { UiNode } from '../ui/nodes';
import { oidcIdentifier } from './oidcProviders';
import { switchFlowKind } from './switchFlowKind';

/** `linkCredentials`: adds the provider account to the identity's `oidc` credential. */
export function attachProviderCredential(
  identity: Identity,
  credential: ProviderCredential,
  now: Date,
): void {
  const existing = identity.credentials.oidc;
  const providers = [...(existing?.config.providers ?? []), credential];
  identity.credentials.oidc = {
    type: 'oidc',
    identifiers: providers.map((p) => oidcIdentifier(p.provider, p.subject)),
    config: { providers },
    version: 0,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

/**
 * `ConflictingIdentity`: the identifier (or address) of the new identity that another one has.
 * Kratos gives every identity a `password` credential listing the schema's password identifiers,
 * so those clash too even when neither identity has a password.
 */
export function conflictingIdentifier(
  ctx: RequestContext,
  identity: Identity,
  schema: IdentitySchema,
): string | undefined {
  const { store } = ctx.deps;
  for (const identifier of passwordIdentifiers(schema, identity.traits)) {
    const owner = store.findByCredentialsIdentifier('password', identifier);
    if (owner && owner.id !== identity.id) return identifier;
  }
  return store.conflictingValue(identity);
}

/** Every identifier the identity can sign in with, as `checkDuplicateCredentialsIdentifierMatch` sees them. */
function identifiersOf(ctx: RequestContext, identity: Identity): string[] {
  const schema = ctx.deps.schemas.get(identity.schemaId);
  const fromSchema = schema ? passwordIdentifiers(schema, identity.traits) : [];
  return [...Object.values(identity.credentials).flatMap((c) => c.identifiers), ...fromSchema];
}

/** `populateAccountLinkingUI` (login hints off): every way to sign in, relabelled "… and link". */
function populateAccountLinkingUi(
  ctx: RequestContext,
  flow: LoginFlow,
  provider: OidcProviderConfig,
  duplicateIdentifier: string,
): void {
  const kept: UiNode[] = [];
  for (const node of flow.ui.nodes) {
    const label = node.meta.label;
    if (label === undefined || node.group === 'default') {
      kept.push(node);
      continue;
    }
    // The provider the user came with cannot be the way to confirm the account.
    if (node.group === 'oidc' && label.context?.provider_id === provider.id) continue;
    if (label.id === 1010001) node.meta.label = messages.infoLoginAndLink();
    else if (label.id === 1010002) {
      const name = label.context?.provider;
      node.meta.label = messages.infoLoginWithAndLink(typeof name === 'string' ? name : '');
    }
    kept.push(node);
  }
  const identifier = flow.ui.nodes.find((n) => n.type === 'input' && n.attributes.name === 'identifier');
  if (identifier?.type === 'input') {
    identifier.attributes.type = 'hidden';
    identifier.attributes.value = duplicateIdentifier;
  }
  flow.ui.nodes = kept;
  flow.ui.messages = [
    messages.infoLoginLink(duplicateIdentifier, provider.label, `${ctx.deps.config.uiBaseUrl}/login`),
  ];
}

/**
 * The duplicate sign-up becomes a login flow for the existing account: browsers go to the login UI
 * (`?flow=…&no_org_ui=true`), native apps to their `return_to`, JSON callers get the flow with 400.
 */
export function startAccountLinking(
  ctx: RequestContext,
  registration: RegistrationFlow,
  provider: OidcProviderConfig,
  credential: ProviderCredential,
  duplicateIdentifier: string,
): void {
  const { config, store } = ctx.deps;
  const login = switchFlowKind(
    ctx,
    registration,
    createLoginFlow(ctx, registration.type, { replacing: true }),
  );
  // decoderx turns an absent `transient_payload` into `{}`, which the continuity container keeps.
  login.transientPayload = registration.transientPayload ?? {};
  const duplicate: DuplicateCredentials = { identifier: duplicateIdentifier, provider: credential };
  login.internal.duplicateCredentials = duplicate;
  populateAccountLinkingUi(ctx, login, provider, duplicateIdentifier);
  store.saveFlow(login);

  if (isJsonRequest(ctx)) {
    sendJson(ctx, 400, loginFlowJson(login, { transientPayload: true }));
    return;
  }
  const base =
    login.type === 'api' ? (login.returnTo ?? config.defaultBrowserReturnUrl) : `${config.uiBaseUrl}/login`;
  const target = new URL(base);
  const query = new URLSearchParams(target.search);
  query.set('flow', login.id);
  query.set('no_org_ui', 'true');
  target.search = goEncodeQuery(query);
  redirect(ctx, 303, target.toString());
}

/**
 * `maybeLinkCredentials`: once the login satisfies the required AAL, the remembered social account
 * is linked to the identity that signed in — which must own the duplicate identifier. Returns the
 * updated identity, or the validation error for a different account.
 */
export function linkDuplicateCredentials(
  ctx: RequestContext,
  flow: LoginFlow,
  session: Session,
  identity: Identity,
): Identity | FlowValidationError {
  const duplicate = flow.internal.duplicateCredentials;
  if (!duplicate) return identity;
  if (!identifiersOf(ctx, identity).includes(duplicate.identifier))
    return FlowValidationError.of('', messages.linkedCredentialsDoNotMatch());
  const now = ctx.deps.now();
  const updated = structuredClone(identity);
  attachProviderCredential(updated, duplicate.provider, now);
  updated.updatedAt = now;
  if (!ctx.deps.store.updateIdentity(updated).ok)
    return FlowValidationError.of('', messages.duplicateCredentials());
  completedLoginFor(session, {
    method: 'oidc',
    aal: 'aal1',
    completedAt: now,
    provider: duplicate.provider.provider,
  });
  return updated;
}
