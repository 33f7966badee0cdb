/**
 * The submit of the `link` method, the same steps for recovery and verification
 * (`selfservice/strategy/link/strategy_recovery.go`, `strategy_verification.go`): the form takes an
 * address and emails a link; opening the link (`GET /self-service/<kind>?flow=&token=`) uses the
 * token, and each kind decides what a valid one does. Bad or used links start a new flow carrying
 * a message.
 */
import { regenerateCsrfToken } from '../csrf/csrf';
import type { FlowType, OneTimeCode, RecoveryFlow, VerificationFlow } from '../flow/flow';
import { FlowValidationError } from '../flow/flowErrors';
import { ensureCsrf } from '../flow/flowRequest';
import { decodeBody } from '../http/body';
import type { RequestContext } from '../http/requestContext';
import { redirect } from '../http/respond';
import { staticPayloadFields } from '../identity/schemaRegistry';
import { isJsonObject, stringField, type JsonObject } from '../json';
import { messages, type UiText } from '../text/messages';
import { setCsrf, upsertById } from '../ui/nodes';
import { linkEmailInput } from './linkNodes';
import { useLinkToken } from './linkTokens';

type LinkFlow = RecoveryFlow | VerificationFlow;

/** What the flow's handler lends the strategy: its error writer and its "here is the flow" answer. */
export interface LinkFlowHandler<F extends LinkFlow> {
  writeError(ctx: RequestContext, flow: F, error: unknown, group: 'link' | 'default'): void;
  answerWithFlow(ctx: RequestContext, flow: F): void;
}

/** What differs between recovery and verification by link. */
export interface LinkFlowKind<F extends LinkFlow> {
  readonly kind: F['kind'];
  /** A new flow of this kind replacing the submitted one. */
  replacement(ctx: RequestContext, type: FlowType): F;
  uiUrl(ctx: RequestContext, flowId: string): string;
  readonly texts: {
    readonly expired: (expiredAt: Date, now: Date) => UiText;
    readonly tokenInvalid: () => UiText;
    readonly noStrategy: () => UiText;
    readonly retrySuccess: () => UiText;
    readonly emailSent: () => UiText;
  };
  /** The `csrf_token` of the address form once it is shown again. */
  formCsrf(ctx: RequestContext, flow: F): string;
  /** Recovery turns signed-in callers away before it looks at the method; true when it answered. */
  refuseSignedIn?(ctx: RequestContext): boolean;
  /** `Send*Link`: a token and an email for a known address; nothing (silently) for others. */
  sendLink(ctx: RequestContext, flow: F, email: string): void;
  /** What a valid (now used) token does; it answers the request. */
  useToken(ctx: RequestContext, flow: F, token: OneTimeCode, now: Date, handler: LinkFlowHandler<F>): void;
}

/** `retry*FlowWithMessage`: a new flow carrying the message (browsers to its UI, others to its JSON). */
export function retryWithMessage<F extends LinkFlow>(
  ctx: RequestContext,
  kind: LinkFlowKind<F>,
  type: FlowType,
  message: UiText,
): void {
  regenerateCsrfToken(ctx);
  const replacement = kind.replacement(ctx, type);
  replacement.ui.messages.push(message);
  ctx.deps.store.saveFlow(replacement);
  if (type === 'browser') redirect(ctx, 303, kind.uiUrl(ctx, replacement.id));
  else
    redirect(
      ctx,
      303,
      `${ctx.deps.config.publicBaseUrl}self-service/${kind.kind}/flows?id=${replacement.id}`,
    );
}

/** The "link sent" form (also what the verification hook's flow shows). */
export function showLinkSent<F extends LinkFlow>(
  ctx: RequestContext,
  kind: LinkFlowKind<F>,
  flow: F,
  email: string,
): void {
  setCsrf(flow.ui, kind.formCsrf(ctx, flow));
  upsertById(flow.ui, linkEmailInput(email));
  flow.active = 'link';
  flow.state = 'sent_email';
  flow.ui.messages = [kind.texts.emailSent()];
}

/** `*UseToken`: links are opened in browsers, so a bad one always leads to a new browser flow. */
function useToken<F extends LinkFlow>(
  ctx: RequestContext,
  kind: LinkFlowKind<F>,
  flow: F,
  token: string,
  handler: LinkFlowHandler<F>,
): void {
  const now = ctx.deps.now();
  const result = useLinkToken(flow.codes, token, now);
  if (result.ok) {
    kind.useToken(ctx, flow, result.token, now, handler);
    return;
  }
  const message = result.expiredAt ? kind.texts.expired(result.expiredAt, now) : kind.texts.tokenInvalid();
  retryWithMessage(ctx, kind, 'browser', message);
}

/** The link strategy's `Recover` / `Verify`. */
export async function submitLinkMethod<F extends LinkFlow>(
  ctx: RequestContext,
  kind: LinkFlowKind<F>,
  flow: F,
  handler: LinkFlowHandler<F>,
): Promise<void> {
  let payload: JsonObject;
  try {
    payload = await decodeBody(ctx, {
      allowedMethods: ['POST', 'GET'],
      fields: staticPayloadFields('linkRecovery'),
    });
    const invalid = ctx.deps.schemas.validateStaticPayload('linkRecovery', payload);
    if (invalid) throw FlowValidationError.fromSchema(invalid);
  } catch (error) {
    handler.writeError(ctx, flow, error, 'link');
    return;
  }
  flow.transientPayload = isJsonObject(payload.transient_payload) ? payload.transient_payload : undefined;
  const token = stringField(payload, 'token') || (ctx.query.get('token') ?? '');
  if (token !== '') {
    useToken(ctx, kind, flow, token, handler);
    return;
  }
  if (kind.refuseSignedIn?.(ctx) === true) return;
  if (stringField(payload, 'method') !== 'link') {
    handler.writeError(ctx, flow, FlowValidationError.of('', kind.texts.noStrategy()), 'default');
    return;
  }
  if (flow.state === 'passed_challenge') {
    retryWithMessage(ctx, kind, flow.type, kind.texts.retrySuccess());
    return;
  }
  const email = stringField(payload, 'email');
  try {
    if (email === '') throw FlowValidationError.of('email', messages.required('email'));
    ensureCsrf(ctx, flow, stringField(payload, 'csrf_token'));
  } catch (error) {
    // `Handle*Error`: the address field keeps what was sent.
    setCsrf(flow.ui, kind.formCsrf(ctx, flow));
    upsertById(flow.ui, linkEmailInput(email === '' ? undefined : email));
    handler.writeError(ctx, flow, error, 'link');
    return;
  }
  kind.sendLink(ctx, flow, email);
  showLinkSent(ctx, kind, flow, email);
  handler.answerWithFlow(ctx, flow);
}
