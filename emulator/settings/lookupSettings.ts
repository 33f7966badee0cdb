/**
 * Backup codes in the settings flow (`selfservice/strategy/lookup/settings.go`): "regenerate" shows
 * twelve new codes (`lookup_secret_codes` text node) waiting for "confirm", which stores them and
 * adds `lookup_secret` (aal2) to the session; "reveal" shows the stored ones (used ones say when);
 * "disable" removes them. Regenerate and reveal save nothing: the flow comes back as is (200).
 */
import { randomInt } from 'node:crypto';
import { csrfTokenFor } from '../csrf/csrf';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import {
  methodEnabledAndAllowed,
  StrategyAsksToReturnToUi,
  StrategyNotResponsible,
} from '../flow/strategyOutcome';
import { decodeBody, type FieldSpec } from '../http/body';
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import type { Identity, LookupCode } from '../identity/identity';
import { isJsonObject, type JsonObject } from '../json';
import { completedLoginFor } from '../session/session';
import { messages, type UiText } from '../text/messages';
import { inputNode, removeNodes, setCsrf, textNode, upsertById, type UiNode } from '../ui/nodes';
import { uiTextJson } from '../ui/serialize';
import { isPrivileged } from './profileSettings';
import { SettingsNeedsReauthError } from './settingsErrors';
import type { SettingsStrategy } from './settingsStrategy';

const FIELDS: ReadonlyMap<string, FieldSpec> = new Map<string, FieldSpec>([
  ['csrf_token', { type: 'string', required: false }],
  ['method', { type: 'string', required: false }],
  ['lookup_secret_disable', { type: 'boolean', required: false }],
  ['lookup_secret_reveal', { type: 'boolean', required: false }],
  ['lookup_secret_regenerate', { type: 'boolean', required: false }],
  ['lookup_secret_confirm', { type: 'boolean', required: false }],
  ['transient_payload', { type: 'json', required: false }],
]);

const NUM_CODES = 12;
const ALPHA_LOWER_NUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALL_SETTINGS_NODES = [
  'lookup_secret_regenerate',
  'lookup_secret_reveal',
  'lookup_secret_disable',
  'lookup_secret_codes',
  'lookup_secret_confirm',
];

const button = (name: string, label: UiText): UiNode =>
  inputNode(name, 'lookup_secret', 'submit', { value: 'true', label });
const revealNode = () => button('lookup_secret_reveal', messages.infoSettingsRevealLookup());
const regenerateNode = () => button('lookup_secret_regenerate', messages.infoSettingsRegenerateLookup());
const disableNode = () => button('lookup_secret_disable', messages.infoSettingsDisableLookup());
const confirmNode = () => button('lookup_secret_confirm', messages.infoSettingsLookupConfirm());

/** `CredentialsLookupConfig.ToNode`: the codes (or "used") as one text, each as a message in the context. */
function codesNode(codes: readonly LookupCode[]): UiNode {
  const parts = codes.map((c) =>
    c.usedAt === undefined
      ? { text: c.code, message: messages.infoSettingsLookupSecret(c.code) }
      : { text: 'used', message: messages.infoSettingsLookupSecretUsed(c.usedAt) },
  );
  const list: UiText = {
    id: 1050015,
    text: parts.map((p) => p.text).join(', '),
    type: 'info',
    context: { secrets: parts.map((p) => uiTextJson(p.message)) },
  };
  return textNode('lookup_secret_codes', list, 'lookup_secret', messages.infoSettingsLookupSecretLabel());
}

/** A backup code credential counts as soon as it has codes (used or not). */
export function hasLookup(identity: Identity): boolean {
  return (identity.credentials.lookup_secret?.config.recoveryCodes ?? []).length > 0;
}

function csrfFor(ctx: RequestContext, flow: SettingsFlow): string {
  return flow.type === 'browser' ? csrfTokenFor(ctx) : '';
}

/** `randx.MustString(8, randx.AlphaLowerNum)`. */
function newCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ALPHA_LOWER_NUM.charAt(randomInt(ALPHA_LOWER_NUM.length));
  return code;
}

export const lookupSettingsStrategy: SettingsStrategy = {
  id: 'lookup_secret',
  group: 'lookup_secret',
  enabled: (config) => config.lookupSecretEnabled,
  populate(ctx, flow, identity) {
    setCsrf(flow.ui, csrfFor(ctx, flow));
    if (hasLookup(identity)) {
      upsertById(flow.ui, revealNode());
      upsertById(flow.ui, disableNode());
    } else {
      upsertById(flow.ui, regenerateNode());
    }
  },
  async settings(ctx, flow, active) {
    const payload: JsonObject = await decodeBody(ctx, { fields: FIELDS });
    const flag = (name: string): boolean => payload[name] === true;
    try {
      const invalid = ctx.deps.schemas.validateStaticPayload('lookupSettings', payload);
      if (invalid) throw FlowValidationError.fromSchema(invalid);
      const action = [
        'lookup_secret_confirm',
        'lookup_secret_reveal',
        'lookup_secret_disable',
        'lookup_secret_regenerate',
      ].find(flag);
      // Its buttons carry no `method`: any of them means this method.
      if (action === undefined) throw new StrategyNotResponsible();
      methodEnabledAndAllowed('lookup_secret', 'lookup_secret', ctx.deps.config.lookupSecretEnabled);
      if (isJsonObject(payload.transient_payload)) flow.transientPayload = payload.transient_payload;
      ensureCsrf(ctx, flow, typeof payload.csrf_token === 'string' ? payload.csrf_token : '');
      if (!isPrivileged(ctx, active.session)) throw new SettingsNeedsReauthError();
      const stored = ctx.deps.store.getIdentity(active.identity.id) ?? active.identity;
      switch (action) {
        case 'lookup_secret_confirm':
          return confirm(ctx, flow, active, stored);
        case 'lookup_secret_reveal':
          reveal(flow, stored);
          throw new StrategyAsksToReturnToUi();
        case 'lookup_secret_disable':
          return disable(flow, stored);
        default:
          regenerate(flow);
          throw new StrategyAsksToReturnToUi();
      }
    } catch (error) {
      if (!(error instanceof StrategyAsksToReturnToUi) && !(error instanceof StrategyNotResponsible)) {
        flow.ui.messages = [];
        for (const node of flow.ui.nodes) node.messages = [];
        setCsrf(flow.ui, csrfFor(ctx, flow));
      }
      throw error;
    }
  },
};

function reveal(flow: SettingsFlow, identity: Identity): void {
  if (!hasLookup(identity)) throw badRequest('Can not reveal lookup codes because you have none.');
  removeNodes(flow.ui, ...ALL_SETTINGS_NODES);
  upsertById(flow.ui, codesNode(identity.credentials.lookup_secret?.config.recoveryCodes ?? []));
  upsertById(flow.ui, disableNode());
  upsertById(flow.ui, regenerateNode());
}

function regenerate(flow: SettingsFlow): void {
  const codes = Array.from({ length: NUM_CODES }, () => newCode());
  removeNodes(flow.ui, ...ALL_SETTINGS_NODES);
  upsertById(flow.ui, codesNode(codes.map((code) => ({ code }))));
  upsertById(flow.ui, confirmNode());
  flow.internal.lookupRegenerated = codes;
}

function confirm(
  ctx: RequestContext,
  flow: SettingsFlow,
  active: { session: Parameters<typeof completedLoginFor>[0] },
  stored: Identity,
): Identity {
  const codes = flow.internal.lookupRegenerated ?? [];
  if (codes.length !== NUM_CODES) {
    throw badRequest('You must (re-)generate recovery backup codes before you can save them.');
  }
  const now = ctx.deps.now();
  const updated = structuredClone(stored);
  updated.credentials.lookup_secret = {
    type: 'lookup_secret',
    identifiers: [updated.id],
    config: { recoveryCodes: codes.map((code) => ({ code })) },
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
  flow.internal.lookupRegenerated = undefined;
  completedLoginFor(active.session, { method: 'lookup_secret', aal: 'aal2', completedAt: now });
  return updated;
}

function disable(flow: SettingsFlow, stored: Identity): Identity {
  const updated = structuredClone(stored);
  delete updated.credentials.lookup_secret;
  removeNodes(flow.ui, ...ALL_SETTINGS_NODES);
  upsertById(flow.ui, regenerateNode());
  flow.internal.lookupRegenerated = undefined;
  return updated;
}
