/**
 * Backup codes in the settings flow (`selfservice/strategy/lookup/settings.go`): "regenerate" shows
 * twelve new codes (`lookup_secret_codes` text node) waiting for "confirm", which stores them and
 * adds `lookup_secret` (aal2) to the session; "reveal" shows the stored ones (used ones say when);
 * "disable" removes them. Regenerate and reveal save nothing: the flow comes back as is (200).
 */
import { staticPayloadFields } from '../identity/schemaRegistry';
import { randomInt } from 'node:crypto';
import { formCsrfToken } from '../csrf/csrf';
import type { SettingsFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { StrategyAsksToReturnToUi, StrategyNotResponsible } from '../flow/strategyOutcome';
import { decodeBody } from '../http/body';
import { badRequest } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import type { Identity, LookupCode } from '../identity/identity';
import type { JsonObject } from '../json';
import type { ActiveSession } from '../session/sessionLookup';
import { messages, type UiText } from '../text/messages';
import { inputNode, removeNodes, setCsrf, textNode, upsertById, type UiNode } from '../ui/nodes';
import { uiTextJson } from '../ui/serialize';
import { acceptSecondFactorSubmit, addSecondFactor, resetSecondFactorForm } from './secondFactorSettings';
import type { SettingsStrategy } from './settingsStrategy';

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
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    if (hasLookup(identity)) {
      upsertById(flow.ui, revealNode());
      upsertById(flow.ui, disableNode());
    } else {
      upsertById(flow.ui, regenerateNode());
    }
  },
  async settings(ctx, flow, active) {
    const payload: JsonObject = await decodeBody(ctx, { fields: staticPayloadFields('lookupSettings') });
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
      const stored = acceptSecondFactorSubmit(ctx, flow, active, payload, {
        id: 'lookup_secret',
        submitted: 'lookup_secret',
        enabled: ctx.deps.config.lookupSecretEnabled,
      });
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
        resetSecondFactorForm(ctx, flow);
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

function confirm(ctx: RequestContext, flow: SettingsFlow, active: ActiveSession, stored: Identity): Identity {
  const codes = flow.internal.lookupRegenerated ?? [];
  if (codes.length !== NUM_CODES) {
    throw badRequest('You must (re-)generate recovery backup codes before you can save them.');
  }
  const updated = structuredClone(stored);
  const recoveryCodes = codes.map((code) => ({ code }));
  addSecondFactor(updated, active, 'lookup_secret', { recoveryCodes }, ctx.deps.now());
  flow.internal.lookupRegenerated = undefined;
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
