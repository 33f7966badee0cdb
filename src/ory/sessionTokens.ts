/**
 * Session JWTs: the caller's session signed by Ory from a tokenizer template (whoami with `tokenize_as`).
 * Created per request with the caller, so each template is asked for once per operation however often it is
 * selected. The JWT is a credential like the session token: it is returned, never logged or kept beyond the
 * request.
 */
import type { OryCaller } from './caller';
import { OryError } from './oryError';
import { ErrorCode, apiError, badInput, fromOryError } from '../errors';

/**
 * Template names as Ory's configuration schema has them (`[a-zA-Z0-9-_.]+`); anything else cannot name one, and
 * an empty name would make Ory answer the session without a token.
 */
const TEMPLATE_NAME = /^[A-Za-z0-9._-]{1,128}$/;

/** Kratos' reason for a template name it has no configuration for (`config.TokenizeTemplate`). */
const UNKNOWN_TEMPLATE = /^Unable to find tokenizer template /;

export class SessionTokensApi {
  /** By template, made on first use (most requests never ask for a JWT). */
  private tokens: Map<string, Promise<string>> | undefined;

  constructor(private readonly caller: OryCaller) {}

  /**
   * The caller's current session as a JWT signed with `template`. Fails with BAD_USER_INPUT (field `template`)
   * for a name Ory does not know or a template Ory cannot use, UNAUTHENTICATED when Ory no longer sees a session.
   */
  tokenize(template: string): Promise<string> {
    this.tokens ??= new Map();
    let token = this.tokens.get(template);
    if (token === undefined) {
      token = this.fetch(template);
      this.tokens.set(template, token);
    }
    return token;
  }

  private async fetch(template: string): Promise<string> {
    if (!TEMPLATE_NAME.test(template)) {
      throw badInput(
        'template must be the name of an Ory tokenizer template: 1 to 128 letters, digits, "-", "_" or ".".',
        'template',
      );
    }
    try {
      const { data } = await this.caller.call(
        'toSession',
        this.caller.mode,
        (o) => this.caller.clients.frontend.toSession({ tokenizeAs: template }, o),
        { idempotent: true, requiresSession: true },
      );
      // Ory answers with the token whenever it knows the template; a session without one is not Ory's API.
      if (typeof data.tokenized !== 'string' || data.tokenized === '') {
        throw apiError(
          ErrorCode.UPSTREAM_UNAVAILABLE,
          'Ory answered without the session token it was asked for.',
        );
      }
      return data.tokenized;
    } catch (error) {
      if (!(error instanceof OryError)) throw error;
      if (error.status !== 400) throw fromOryError(error);
      // A 400 here is always about the template: unknown, or configured with a key or claims Ory cannot use.
      const message = UNKNOWN_TEMPLATE.test(error.reason ?? '')
        ? `Ory has no tokenizer template named "${template}" (session.whoami.tokenizer.templates).`
        : `Ory cannot make a JWT with the tokenizer template "${template}": ${error.reason ?? 'it refused'}`;
      const ory = { id: error.oryId, reason: error.reason };
      throw apiError(ErrorCode.BAD_USER_INPUT, message, { field: 'template', ory }, error);
    }
  }
}
