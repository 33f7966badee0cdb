/**
 * The registration strategy contract (`selfservice/flow/registration/strategy.go`,
 * `FormHydrator`): each method fills the form for the configured style — everything at once
 * (`unified`), or the traits first and the credentials on a second screen (`profile_first`) — and
 * on submit returns the new (not yet stored) identity or one of the sentinel outcomes.
 */
import type { RegistrationFlow } from '../flow/flow';
import type { RequestContext } from '../http/requestContext';
import type { Identity } from '../identity/identity';
import type { JsonValue } from '../json';
import type { EmulatorConfig } from '../options';
import type { NodeGroup } from '../ui/nodes';

export interface RegistrationStrategy {
  /** The credentials type (`method` value); `profile` for the two-step screens. */
  readonly id: string;
  readonly group: NodeGroup;
  enabled(config: EmulatorConfig): boolean;
  /** `PopulateRegistrationMethod` (unified style). */
  populate(ctx: RequestContext, flow: RegistrationFlow): void;
  /** `PopulateRegistrationMethodProfile`: the traits screen of `profile_first`. */
  populateProfile(ctx: RequestContext, flow: RegistrationFlow, traits: JsonValue | undefined): void;
  /** `PopulateRegistrationMethodCredentials`: the credentials screen of `profile_first`. */
  populateCredentials(ctx: RequestContext, flow: RegistrationFlow, traits: JsonValue | undefined): void;
  /** `Strategy.Register`: the identity to create, or a sentinel outcome / an error to show. */
  register(ctx: RequestContext, flow: RegistrationFlow): Promise<Identity>;
}
