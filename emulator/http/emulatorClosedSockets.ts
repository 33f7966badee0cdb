/**
 * Remembers which sockets the emulator itself tore down (shutdown, a `closed` fault, a truncated
 * answer), so a fault waiting on a connection can tell "the client gave up" from "we hung up".
 */
import type { Socket } from 'node:net';

const closedByEmulator = new WeakSet<Socket>();

/** Destroys a socket on the emulator's initiative: `reset` sends an RST instead of a FIN. */
export function destroyByEmulator(socket: Socket, reset = false): void {
  closedByEmulator.add(socket);
  if (reset) socket.resetAndDestroy();
  else socket.destroy();
}

export function wasClosedByEmulator(socket: Socket): boolean {
  return closedByEmulator.has(socket);
}
