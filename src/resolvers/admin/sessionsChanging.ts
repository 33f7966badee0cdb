import type { Context } from '../../context/context';
import type { CacheTargets } from '../../context/sessionCache';

/**
 * Runs an administrator's change to sessions or identities, then tells the session cache what it touched:
 * whatever Ory answered, since it may have applied the change before failing (a timeout, say).
 */
export async function changingSessions<T>(
  ctx: Context,
  targets: CacheTargets,
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } finally {
    await ctx.sessionsChanged(targets);
  }
}
