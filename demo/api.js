/**
 * GraphQL over fetch, the way a browser app talks to the facade: `credentials: 'include'`, so the browser keeps
 * Ory's cookies (relayed by the facade) and sends them back. The page never sees a session token or a cookie:
 * they are HttpOnly, and only browser flows are used.
 */

/** @typedef {import('./types').DemoConfig} DemoConfig */

/** A GraphQL error (or a request that never got an answer), with the facade's `extensions.code`. */
export class ApiError extends Error {
  /**
   * @param {string} code `extensions.code`, or NETWORK_ERROR / BAD_RESPONSE when there was no GraphQL answer.
   * @param {string} message
   * @param {string | undefined} [oryId] Ory's error id (`extensions.ory.id`), when Ory gave one.
   */
  constructor(code, message, oryId) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.oryId = oryId;
  }
}

/** @type {Promise<DemoConfig> | undefined} */
let config;

/**
 * A response's JSON, as `unknown` until the caller says what it is.
 * @param {Response} res
 * @returns {Promise<unknown>}
 */
export async function readJson(res) {
  /** @type {unknown} */
  const value = await res.json();
  return value;
}

/** Where GraphQL lives and whether the courier panel is on (served by the demo handler). */
export function demoConfig() {
  config ??= fetch('/demo/config.json').then(async (res) => /** @type {DemoConfig} */ (await readJson(res)));
  return config;
}

/** @param {string} url */
function unreachable(url) {
  const target = new URL(url, location.href);
  const crossOrigin = target.origin !== location.origin;
  return (
    `The browser could not read the answer from ${target.href}. ` +
    (crossOrigin
      ? `It is another origin: the facade must list this page's origin (${location.origin}) in CORS_ORIGINS. `
      : '') +
    'Is the facade running?'
  );
}

/**
 * Sends one operation and returns its data; throws ApiError on the first GraphQL error.
 * @template T
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @returns {Promise<T>}
 */
export async function gql(query, variables = {}) {
  const { graphqlUrl } = await demoConfig();
  /** @type {Response} */
  let res;
  try {
    res = await fetch(graphqlUrl, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    // A refused CORS check and a closed port look the same from here: the browser hides which it was.
    throw new ApiError('NETWORK_ERROR', unreachable(graphqlUrl));
  }
  /** @type {{ data?: T | null, errors?: Array<{ message: string, extensions?: { code?: string, ory?: { id?: string } } }> }} */
  let body;
  try {
    body = /** @type {typeof body} */ (await readJson(res));
  } catch {
    throw new ApiError('BAD_RESPONSE', `The facade answered ${res.status} without JSON.`);
  }
  const error = body.errors?.[0];
  if (error !== undefined) {
    throw new ApiError(error.extensions?.code ?? 'UNKNOWN', error.message, error.extensions?.ory?.id);
  }
  if (body.data === undefined || body.data === null)
    throw new ApiError('BAD_RESPONSE', 'No data in the answer.');
  return body.data;
}

/**
 * For operations with one root field: that field's value.
 * @template T
 * @param {string} query
 * @param {Record<string, unknown>} [variables]
 * @returns {Promise<T>}
 */
export async function gqlField(query, variables = {}) {
  /** @type {Record<string, T>} */
  const data = await gql(query, variables);
  const [value] = Object.values(data);
  if (value === undefined) throw new ApiError('BAD_RESPONSE', 'The answer has no field.');
  return value;
}
