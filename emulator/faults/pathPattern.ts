/**
 * Path patterns of fault rules: an exact path, a prefix ending in `*`, or `*` alone. On the admin
 * listener the pattern gets the same `/admin` prefix as the request path, so a rule written
 * either way matches the route it names.
 */
import { routedPath } from '../http/adminPrefix';
import type { ListenerName } from '../http/requestContext';

export function pathMatches(pattern: string, listener: ListenerName, path: string): boolean {
  if (pattern === '*') return true;
  const routed = routedPath(listener, pattern);
  return routed.endsWith('*') ? path.startsWith(routed.slice(0, -1)) : path === routed;
}
