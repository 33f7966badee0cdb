/**
 * Kratos' `AddAdminPrefixIfNotPresentNegroni` (with `path.Join`'s cleaning): the admin listener
 * serves its routes under `/admin` and adds the prefix when a request lacks it. Shared by the
 * listener and the fault rules, which match the same routed path.
 */
import { posix } from 'node:path';
import type { ListenerName } from './requestContext';

export function routedPath(listener: ListenerName, path: string): string {
  if (listener === 'public' || path.startsWith('/admin')) return path;
  return posix.join('/admin', path);
}
