/**
 * The one path every self-service flow takes: create (native or browser), fetch, submit. What differs between
 * login, registration, recovery, verification and settings (their SDK operations and the shape of a flow) is
 * described by a `FlowEndpoints` value; what a submission led to is read here once:
 * - Ory answered with the flow itself (200, or 400 with validation messages or "more input needed", such as a
 *   code that was just sent): the flow;
 * - Ory answered with something else on 200 (a successful login or registration): done;
 * - Ory answered with an HTTP error that is a normal step of a flow (410 expired, 422 browser redirect, 403
 *   step-up): that step, from `nonFlowOutcome`; anything else is thrown as the contract's error.
 * Adding a method to a flow therefore touches only the body its resolver builds.
 */
import type { AxiosResponse, RawAxiosRequestConfig } from 'axios';
import type { FrontendApi } from '@ory/client';
import { fromOryError } from '../errors';
import type { CallMode, OryCaller } from './caller';
import type { AnyFlow, FlowKind, FlowStepOutcome } from './models';
import { OryError } from './oryError';
import { nonFlowOutcome } from './outcomes';
import { opt } from './submit';

/** Ory's options for a new flow; each flow passes on the ones Ory accepts for it. */
export interface CreateFlowOptions {
  returnTo?: string | null;
  refresh?: boolean | null;
  aal?: string | null;
  /** Native flows: Ory hands out a code to exchange for the session token after a browser-based step. */
  returnSessionTokenExchangeCode?: boolean | null;
}

/** The same options as the SDK takes them: absent rather than `null`. */
export interface FlowOptions {
  returnTo?: string;
  refresh?: boolean;
  aal?: string;
  returnSessionTokenExchangeCode?: boolean;
}

/** One SDK call; answers are checked against the flow's shape before anything reads them. */
type Call = (api: FrontendApi, options: RawAxiosRequestConfig) => Promise<AxiosResponse<unknown>>;

export interface FlowEndpoints<F extends AnyFlow, Body, Done> {
  kind: FlowKind;
  /** The SDK operation names, for logs and breakers. */
  names: { createNative: string; createBrowser: string; get: string; update: string };
  createNative: (options: FlowOptions) => Call;
  createBrowser: (options: FlowOptions) => Call;
  get: (id: string) => Call;
  update: (id: string, body: Body) => Call;
  /** Whether an answer (often an error body) is this kind of flow. */
  isFlow: (value: unknown) => value is F;
  /** Whether a 200 answer that is not the flow is this flow's success (login, registration); else never. */
  isDone: (value: unknown) => value is Done;
}

/** What a submission led to, before a flow turns it into its GraphQL outcome. */
export type Submission<F, Done> =
  { kind: 'flow'; flow: F } | { kind: 'done'; data: Done } | { kind: 'step'; outcome: FlowStepOutcome };

/** The CSRF token a submission body carries, which tells a browser submission from a native one. */
export function csrfTokenOf(body: object): string | undefined {
  return 'csrf_token' in body && typeof body.csrf_token === 'string' ? body.csrf_token : undefined;
}

/** An answer that is not what the SDK promised: Ory (or something in front of it) is broken. */
function malformed(kind: FlowKind, operation: string): Error {
  return fromOryError(
    new OryError({ kind: 'malformed', api: 'frontend', operation, cause: `not a ${kind} flow answer` }),
  );
}

export class SelfServiceFlow<F extends AnyFlow, Body, Done> {
  constructor(
    private readonly caller: OryCaller,
    private readonly endpoints: FlowEndpoints<F, Body, Done>,
  ) {}

  /** A new flow; native flows are refused to browsers where the policy says so. */
  create(mode: CallMode, options: CreateFlowOptions = {}): Promise<F> {
    this.caller.flowMode(mode);
    const cleaned: FlowOptions = {
      returnTo: opt(options.returnTo),
      refresh: opt(options.refresh),
      aal: opt(options.aal),
      returnSessionTokenExchangeCode: opt(options.returnSessionTokenExchangeCode),
    };
    const browser = mode === 'browser';
    const run = browser ? this.endpoints.createBrowser(cleaned) : this.endpoints.createNative(cleaned);
    const { names } = this.endpoints;
    return this.readFlow(browser ? names.createBrowser : names.createNative, mode, run);
  }

  get(id: string): Promise<F> {
    return this.readFlow(this.endpoints.names.get, this.caller.mode, this.endpoints.get(id));
  }

  async submit(id: string, body: Body, mode: CallMode): Promise<Submission<F, Done>> {
    const { names, isFlow, isDone } = this.endpoints;
    const run = this.endpoints.update(id, body);
    try {
      const { data } = await this.caller.call(names.update, mode, (o) => run(this.api, o));
      if (isFlow(data)) return { kind: 'flow', flow: data };
      if (isDone(data)) return { kind: 'done', data };
      throw malformed(this.endpoints.kind, names.update);
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status === 400 && this.endpoints.isFlow(error.body))
        return { kind: 'flow', flow: error.body };
      return { kind: 'step', outcome: nonFlowOutcome(error, this.endpoints.kind, mode) };
    }
  }

  private async readFlow(operation: string, mode: CallMode, run: Call): Promise<F> {
    const data = await this.caller.read(operation, mode, (o) => run(this.api, o), { idempotent: true });
    if (!this.endpoints.isFlow(data)) throw malformed(this.endpoints.kind, operation);
    return data;
  }

  private get api(): FrontendApi {
    return this.caller.clients.frontend;
  }
}
