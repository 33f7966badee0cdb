/**
 * OryFrontend: everything the self-service resolvers may ask Ory, bound to one caller. Built per request by
 * the context; each part wraps one area of Ory's FrontendApi.
 */
import { OryCaller, type CallerCredentials, type CookieSink } from './caller';
import type { OryClients } from './clients';
import { FlowErrorsApi } from './flowErrors';
import { LoginApi } from './login';
import { LogoutApi } from './logout';
import { RecoveryApi } from './recovery';
import { RegistrationApi } from './registration';
import { SchemasApi } from './schemas';
import { SessionsApi } from './sessions';
import { SettingsApi } from './settings';
import { VerificationApi } from './verification';

export interface OryFrontend {
  /** `native` for session-token callers and anonymous ones, `browser` for callers with Ory cookies. */
  readonly mode: OryCaller['mode'];
  readonly sessions: SessionsApi;
  readonly login: LoginApi;
  readonly registration: RegistrationApi;
  readonly recovery: RecoveryApi;
  readonly verification: VerificationApi;
  readonly settings: SettingsApi;
  readonly logout: LogoutApi;
  readonly schemas: SchemasApi;
  readonly flowErrors: FlowErrorsApi;
}

export function createOryFrontend(
  clients: OryClients,
  credentials: CallerCredentials,
  cookies: CookieSink,
): OryFrontend {
  const caller = new OryCaller(clients, credentials, cookies);
  return {
    mode: caller.mode,
    sessions: new SessionsApi(caller),
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
