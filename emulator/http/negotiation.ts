/**
 * Kratos' "is this a JSON request?" predicates (`x/http.go`, `x/isjsonrequest.go`), built on a port
 * of golang/gddo's `NegotiateContentType`.
 */
import { header, type RequestContext } from './requestContext';

interface AcceptSpec {
  value: string;
  q: number;
}

function parseAccept(accept: string | undefined): AcceptSpec[] {
  if (accept === undefined) return [];
  const specs: AcceptSpec[] = [];
  for (const part of accept.split(',')) {
    const [rawValue = '', ...params] = part.split(';');
    const value = rawValue.trim().toLowerCase();
    if (value === '') continue;
    let q = 1;
    for (const param of params) {
      const [key = '', raw = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'q') {
        const parsed = Number.parseFloat(raw.trim());
        q = Number.isNaN(parsed) ? 0 : parsed;
      }
    }
    specs.push({ value, q });
  }
  return specs;
}

/** gddo `NegotiateContentType`: picks the offer with the best (q, specificity) match. */
export function negotiateContentType(
  accept: string | undefined,
  offers: readonly string[],
  fallback: string,
): string {
  let bestOffer = fallback;
  let bestQ = -1;
  let bestWild = 3;
  const specs = parseAccept(accept);
  for (const offer of offers) {
    for (const spec of specs) {
      if (spec.q === 0 || spec.q < bestQ) continue;
      if (spec.value === '*/*') {
        if (spec.q > bestQ || bestWild > 2) {
          bestQ = spec.q;
          bestWild = 2;
          bestOffer = offer;
        }
      } else if (spec.value.endsWith('/*')) {
        if (offer.startsWith(spec.value.slice(0, -1)) && (spec.q > bestQ || bestWild > 1)) {
          bestQ = spec.q;
          bestWild = 1;
          bestOffer = offer;
        }
      } else if (spec.value === offer && (spec.q > bestQ || bestWild > 0)) {
        bestQ = spec.q;
        bestWild = 0;
        bestOffer = offer;
      }
    }
  }
  return bestOffer;
}

/** `x.IsJSONRequest`: JSON by `Accept` negotiation or by an exact `Content-Type: application/json`. */
export function isJsonRequest(ctx: RequestContext): boolean {
  const negotiated = negotiateContentType(
    header(ctx, 'accept'),
    ['text/html', 'text/*', '*/*', 'application/json'],
    'text/html',
  );
  return negotiated === 'application/json' || header(ctx, 'content-type') === 'application/json';
}

/** `x.AcceptsJSON`: only the `Accept` header counts. */
export function acceptsJson(ctx: RequestContext): boolean {
  return (
    negotiateContentType(header(ctx, 'accept'), ['text/html', 'application/json'], 'text/html') ===
    'application/json'
  );
}

/**
 * `x.IsBrowserRequest`: the first predicate's negotiation yields `text/html`, which is also the
 * answer when `Accept` is missing. Verification submits use it, so even API flows need
 * `Accept: application/json` to get JSON.
 */
export function isBrowserRequest(ctx: RequestContext): boolean {
  return (
    negotiateContentType(
      header(ctx, 'accept'),
      ['text/html', 'text/*', '*/*', 'application/json'],
      'text/html',
    ) === 'text/html'
  );
}
