/**
 * OryFrontend: Ory's frontend API as seen by one caller. Created per request and bound to that caller's
 * credentials, so a resolver cannot send someone else's token, and native flows never carry cookies.
 */
import type { FrontendApi, IdentityApi } from '@ory/client';
import { callOry } from './call';
import type {
  IdentitySchemaContainer,
  LoginFlow,
  LoginOutcome,
  RegistrationFlow,
  RegistrationOutcome,
  Session,
} from './models';
import { OryError } from './oryError';
import { continueWithList, isLoginFlow, isRegistrationFlow, nonFlowOutcome } from './outcomes';
import { ErrorCode, apiError, fromOryError } from '../errors';

/** What the caller presented. A session token always wins over cookies (the contract's transport rule). */
export interface CallerCredentials {
  /** The Ory session token (`ory_st_...`) from `X-Session-Token` or `Authorization: Bearer`. */
  sessionToken: string | null;
}

export interface PasswordLogin {
  identifier: string;
  password: string;
  csrfToken?: string | null;
  transientPayload?: Record<string, unknown> | null;
}

export interface PasswordRegistration {
  password: string;
  traits: Record<string, unknown>;
  csrfToken?: string | null;
  transientPayload?: Record<string, unknown> | null;
}

export interface CreateLoginOptions {
  refresh?: boolean | null;
  aal?: string | null;
  returnTo?: string | null;
}

/** Turns GraphQL's `null` into the SDK's `undefined` (absent query parameter). */
const opt = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export class OryFrontend {
  constructor(
    private readonly api: FrontendApi,
    private readonly schemasApi: IdentityApi,
    private readonly credentials: CallerCredentials,
  ) {}

  private get token(): string | undefined {
    return this.credentials.sessionToken ?? undefined;
  }

  /** The caller's session (Ory `toSession`), or `null` when Ory says there is none (401). */
  async whoami(): Promise<Session | null> {
    if (this.token === undefined) return null;
    try {
      const { data } = await callOry('frontend', 'toSession', () =>
        this.api.toSession({ xSessionToken: this.token }),
      );
      return data;
    } catch (error) {
      if (error instanceof OryError && error.status === 401) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  async createLoginFlow(options: CreateLoginOptions): Promise<LoginFlow> {
    return this.read('createNativeLoginFlow', () =>
      this.api.createNativeLoginFlow({
        refresh: opt(options.refresh),
        aal: opt(options.aal),
        returnTo: opt(options.returnTo),
        xSessionToken: this.token,
      }),
    );
  }

  async getLoginFlow(id: string): Promise<LoginFlow> {
    return this.read('getLoginFlow', () => this.api.getLoginFlow({ id }));
  }

  async submitLogin(flowId: string, method: PasswordLogin): Promise<LoginOutcome> {
    try {
      const { data } = await callOry('frontend', 'updateLoginFlow', () =>
        this.api.updateLoginFlow({
          flow: flowId,
          xSessionToken: this.token,
          updateLoginFlowBody: {
            method: 'password',
            identifier: method.identifier,
            password: method.password,
            csrf_token: opt(method.csrfToken),
            transient_payload: opt(method.transientPayload),
          },
        }),
      );
      return {
        __typename: 'LoginSuccess',
        session: data.session,
        sessionToken: data.session_token ?? null,
        continueWith: continueWithList(data.continue_with),
      };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isLoginFlow(error.body)) return { __typename: 'LoginFlow', ...error.body };
      return nonFlowOutcome(error, 'login');
    }
  }

  async createRegistrationFlow(options: { returnTo?: string | null }): Promise<RegistrationFlow> {
    return this.read('createNativeRegistrationFlow', () =>
      this.api.createNativeRegistrationFlow({ returnTo: opt(options.returnTo) }),
    );
  }

  async getRegistrationFlow(id: string): Promise<RegistrationFlow> {
    return this.read('getRegistrationFlow', () => this.api.getRegistrationFlow({ id }));
  }

  async submitRegistration(flowId: string, method: PasswordRegistration): Promise<RegistrationOutcome> {
    try {
      const { data } = await callOry('frontend', 'updateRegistrationFlow', () =>
        this.api.updateRegistrationFlow({
          flow: flowId,
          updateRegistrationFlowBody: {
            method: 'password',
            password: method.password,
            traits: method.traits,
            csrf_token: opt(method.csrfToken),
            transient_payload: opt(method.transientPayload),
          },
        }),
      );
      return {
        __typename: 'RegistrationSuccess',
        identity: data.identity,
        session: data.session ?? null,
        sessionToken: data.session_token ?? null,
        continueWith: continueWithList(data.continue_with),
      };
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && isRegistrationFlow(error.body)) {
        return { __typename: 'RegistrationFlow', ...error.body };
      }
      // Registration has no step-up: Ory only asks for that on flows of signed-in users.
      const outcome = nonFlowOutcome(error, 'registration');
      if (outcome.__typename === 'FlowExpired' || outcome.__typename === 'FlowRedirect') return outcome;
      throw fromOryError(error);
    }
  }

  /**
   * Revokes the caller's session token (Ory `performNativeLogout`). Ory answers 403 for a token it does not
   * know, which for the caller means it was not signed in.
   */
  async logout(): Promise<boolean> {
    const token = this.token;
    if (token === undefined) throw apiError(ErrorCode.UNAUTHENTICATED);
    try {
      await callOry(
        'frontend',
        'performNativeLogout',
        () => this.api.performNativeLogout({ performNativeLogoutBody: { session_token: token } }),
        'none',
      );
      return true;
    } catch (error) {
      if (error instanceof OryError && (error.status === 401 || error.status === 403)) {
        throw apiError(ErrorCode.UNAUTHENTICATED);
      }
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  /** All identity schemas (Ory `listIdentitySchemas`; Ory's maximum page holds 1000). */
  async identitySchemas(): Promise<IdentitySchemaContainer[]> {
    return this.read(
      'listIdentitySchemas',
      () => this.schemasApi.listIdentitySchemas({ pageSize: 1000 }),
      'array',
    );
  }

  /** One identity schema, or `null` for an unknown id (Ory 404). */
  async identitySchema(id: string): Promise<IdentitySchemaContainer | null> {
    try {
      const { data } = await callOry('frontend', 'getIdentitySchema', () =>
        this.schemasApi.getIdentitySchema({ id }),
      );
      return { id, schema: data };
    } catch (error) {
      if (error instanceof OryError && error.status === 404) return null;
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }

  /** A read whose every failure is an error (no outcome union). */
  private async read<T>(
    operation: string,
    run: Parameters<typeof callOry<T>>[2],
    shape: 'object' | 'array' = 'object',
  ): Promise<T> {
    try {
      const { data } = await callOry('frontend', operation, run, shape);
      return data;
    } catch (error) {
      throw error instanceof OryError ? fromOryError(error) : error;
    }
  }
}
