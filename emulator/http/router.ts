/**
 * A small method + path-pattern router with the rules of Go 1.22's `http.ServeMux`, which Kratos
 * uses: `{name}` matches one non-empty segment, unknown paths are 404 and known paths with the
 * wrong method are 405 with an `Allow` header; a GET route also answers HEAD.
 */
import type { Handler } from './requestContext';

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly handler: Handler;
}

export type RouteMatch =
  | { readonly kind: 'found'; readonly handler: Handler; readonly params: Record<string, string> }
  | { readonly kind: 'method-not-allowed'; readonly allow: readonly string[] }
  | { readonly kind: 'not-found' };

function splitPath(path: string): string[] {
  return path.split('/').slice(1);
}

function matchSegments(
  pattern: readonly string[],
  actual: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? '';
    const value = actual[i] ?? '';
    if (expected.startsWith('{') && expected.endsWith('}')) {
      if (value === '') return undefined;
      params[expected.slice(1, -1)] = decodeURIComponent(value);
    } else if (expected !== value) {
      return undefined;
    }
  }
  return params;
}

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method: method.toUpperCase(), segments: splitPath(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler);
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler);
  }

  delete(pattern: string, handler: Handler): this {
    return this.add('DELETE', pattern, handler);
  }

  /** Registers the same handler for several methods (e.g. whoami answers almost anything). */
  any(methods: readonly string[], pattern: string, handler: Handler): this {
    for (const method of methods) this.add(method, pattern, handler);
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const actual = splitPath(path);
    const allowed = new Set<string>();
    for (const route of this.routes) {
      let params: Record<string, string> | undefined;
      try {
        params = matchSegments(route.segments, actual);
      } catch {
        // A malformed percent-escape can never match a parameter.
        params = undefined;
      }
      if (params === undefined) continue;
      const routeMethods = route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
      if (routeMethods.includes(method)) return { kind: 'found', handler: route.handler, params };
      for (const m of routeMethods) allowed.add(m);
    }
    if (allowed.size > 0) return { kind: 'method-not-allowed', allow: [...allowed].sort() };
    return { kind: 'not-found' };
  }
}
