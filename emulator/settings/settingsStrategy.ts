/**
 * The settings strategy contract (`selfservice/flow/settings/strategy.go`): each method adds its
 * part of the settings form for the identity, and on submit returns the identity to save (the
 * post-settings hook stores it and rebuilds the form), or throws a sentinel outcome or an error.
 */
import type { SettingsFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import type { EmulatorConfig } from '../options';
import type { ActiveSession } from '../session/sessionLookup';
import type { NodeGroup } from '../ui/nodes';

export interface SettingsStrategy {
  /** `SettingsStrategyID`, also the `method` value. */
  readonly id: string;
  readonly group: NodeGroup;
  enabled(config: EmulatorConfig): boolean;
  /** `PopulateSettingsMethod`. */
  populate(ctx: RequestContext, flow: SettingsFlow, identity: Identity): void;
  /** `Strategy.Settings`: the updated identity, not yet stored. */
  settings(ctx: RequestContext, flow: SettingsFlow, active: ActiveSession): Promise<Identity>;
}
