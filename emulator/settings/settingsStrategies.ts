/**
 * The settings strategies in Kratos' registry order (profile, password, oidc, totp, lookup_secret)
 * and the profile/password ones, whose updates live in `profileSettings.ts` and `passwordSettings.ts`.
 */
import { formCsrfToken } from '../csrf/csrf';
import { submittedMethod } from '../flow/method';
import { methodEnabledAndAllowed } from '../flow/strategyOutcome';
import type { EmulatorConfig } from '../options';
import { traitNode } from '../registration/registrationSchema';
import { messages } from '../text/messages';
import { flatten, passwordNode, setCsrf, setNodeValue, submitNode, upsertById } from '../ui/nodes';
import { lookupSettingsStrategy } from './lookupSettings';
import { oidcSettingsStrategy } from './oidcSettings';
import { updatePassword } from './passwordSettings';
import { updateProfile } from './profileSettings';
import type { SettingsStrategy } from './settingsStrategy';
import { totpSettingsStrategy } from './totpSettings';

const profileSettingsStrategy: SettingsStrategy = {
  id: 'profile',
  group: 'profile',
  enabled: () => true,
  populate(ctx, flow, identity) {
    const schema = ctx.deps.schemas.get(identity.schemaId) ?? ctx.deps.schemas.default;
    for (const path of schema.traitPaths)
      if (path.leaf) upsertById(flow.ui, { ...traitNode(path), group: 'profile' });
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    for (const [name, value] of flatten(identity.traits, 'traits')) setNodeValue(flow.ui, name, value);
    flow.ui.nodes.push(submitNode('profile', 'profile', messages.labelSave()));
  },
  async settings(ctx, flow, active) {
    methodEnabledAndAllowed('profile', await submittedMethod(ctx), true);
    return updateProfile(ctx, flow, active.session, active.identity);
  },
};

const passwordSettingsStrategy: SettingsStrategy = {
  id: 'password',
  group: 'password',
  enabled: (config) => config.passwordEnabled,
  populate(ctx, flow) {
    setCsrf(flow.ui, formCsrfToken(ctx, flow));
    upsertById(flow.ui, passwordNode('new-password'));
    flow.ui.nodes.push(submitNode('password', 'password', messages.labelSave()));
  },
  async settings(ctx, flow, active) {
    methodEnabledAndAllowed('password', await submittedMethod(ctx), ctx.deps.config.passwordEnabled);
    return updatePassword(ctx, flow, active.session, active.identity);
  },
};

/** `AllSettingsStrategies`. */
export const ALL_SETTINGS_STRATEGIES: readonly SettingsStrategy[] = [
  profileSettingsStrategy,
  passwordSettingsStrategy,
  oidcSettingsStrategy,
  totpSettingsStrategy,
  lookupSettingsStrategy,
];

export function enabledSettingsStrategies(config: EmulatorConfig): SettingsStrategy[] {
  return ALL_SETTINGS_STRATEGIES.filter((strategy) => strategy.enabled(config));
}
