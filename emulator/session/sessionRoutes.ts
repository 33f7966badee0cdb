/**
 * `/sessions/whoami` (`session/handler.go`): the caller's session with its identity, the id-less
 * 401 Kratos answers for missing/invalid credentials, or the 403 `session_aal2_required` when the
 * session's assurance level falls short of `session.whoami.required_aal`. With `tokenize_as=<template>`
 * the session also carries itself as a JWT (`tokenized`), or the answer is Kratos' 400 for a template it
 * does not know or cannot use.
 */
import { badRequest, unauthorized } from '../http/herodotError';
import type { RequestContext } from '../http/requestContext';
import { sendError, sendJson } from '../http/respond';
import type { Router } from '../http/router';
import { sessionAalError } from './assurance';
import { sessionJson } from './session';
import { fetchSession } from './sessionLookup';
import { tokenizeSession } from './tokenizer';

function whoami(ctx: RequestContext): void {
  const active = fetchSession(ctx);
  if (!active) {
    sendError(ctx, unauthorized('No valid session credentials found in the request.'));
    return;
  }
  const { config } = ctx.deps;
  // `session.whoami.required_aal`: an aal1 session of an identity with a second factor is refused.
  const aalError = sessionAalError(config, active.session, active.identity, config.whoamiRequiredAal);
  if (aalError) {
    sendError(ctx, aalError);
    return;
  }
  const now = ctx.deps.now();
  const body = sessionJson(active.session, active.identity, { publicBaseUrl: config.publicBaseUrl, now });
  // Kratos reads the first `tokenize_as`; an empty one asks for nothing.
  const templateName = ctx.query.get('tokenize_as') ?? '';
  if (templateName !== '') {
    const template = config.tokenizerTemplates.get(templateName);
    if (template === undefined) {
      sendError(ctx, badRequest(`Unable to find tokenizer template "${templateName}".`));
      return;
    }
    const tokenized = tokenizeSession(template, body, active.identity, config.publicBaseUrl, now);
    if (typeof tokenized !== 'string') {
      sendError(ctx, tokenized);
      return;
    }
    body.tokenized = tokenized;
  }
  sendJson(ctx, 200, body, { 'X-Kratos-Authenticated-Identity-Id': active.identity.id });
}

/** Kratos routes whoami for nearly every method (`DELETE` included). */
const WHOAMI_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export function registerSessionRoutes(router: Router): void {
  router.any(WHOAMI_METHODS, '/sessions/whoami', whoami);
}
