/**
 * OryFrontend: everything the self-service resolvers may ask Ory, bound to one caller. Built per request by
 * the context; each part wraps one area of Ory's FrontendApi.
 */
import {
  OryCaller,
  type CallerCredentials,
  type ClientDevice,
  type CookieSink,
  type NativeFlowPolicy,
} from './caller';
import type { OryClients } from './clients';
import { FlowErrorsApi } from './flowErrors';
import { LoginApi } from './login';
import { LogoutApi } from './logout';
import { RecoveryApi } from './recovery';
import { RegistrationApi } from './registration';
import { SchemasApi } from './schemas';
import { SessionTokensApi } from './sessionTokens';
import { SessionsApi } from './sessions';
import { SettingsApi } from './settings';
import type { CallScope } from './transport';
import { VerificationApi } from './verification';

export interface OryFrontend {
  readonly sessions: SessionsApi;
  /** The caller's session as JWTs (one Ory call per template and request). */
  readonly sessionTokens: SessionTokensApi;
  readonly login: LoginApi;
  readonly registration: RegistrationApi;
  readonly recovery: RecoveryApi;
  readonly verification: VerificationApi;
  readonly settings: SettingsApi;
  readonly logout: LogoutApi;
  readonly schemas: SchemasApi;
  readonly flowErrors: FlowErrorsApi;
}

/** What binds Ory's frontend API to one request: the caller, where cookies go, its deadline, its device. */
export interface FrontendBinding {
  credentials: CallerCredentials;
  cookies: CookieSink;
  scope: CallScope;
  device: ClientDevice;
  assertNativeAllowed: NativeFlowPolicy;
}

export function createOryFrontend(clients: OryClients, binding: FrontendBinding): OryFrontend {
  const caller = new OryCaller(
    clients,
    binding.credentials,
    binding.cookies,
    binding.scope,
    binding.device,
    binding.assertNativeAllowed,
  );
  return {
    sessions: new SessionsApi(caller),
    sessionTokens: new SessionTokensApi(caller),
    login: new LoginApi(caller),
    registration: new RegistrationApi(caller),
    recovery: new RecoveryApi(caller),
    verification: new VerificationApi(caller),
    settings: new SettingsApi(caller),
    logout: new LogoutApi(caller),
    schemas: new SchemasApi(caller),
    flowErrors: new FlowErrorsApi(caller),
  };
}
