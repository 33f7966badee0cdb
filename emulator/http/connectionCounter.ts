/**
 * Counts the TCP connections each listener accepted, so tests can assert that a client reuses
 * keep-alive connections (one connection for many requests) instead of opening one per call.
 */
import type { ListenerName } from './requestContext';

export interface ConnectionCounts {
  readonly public: number;
  readonly admin: number;
}

export class ConnectionCounter {
  private counts = { public: 0, admin: 0 };

  opened(listener: ListenerName): void {
    this.counts[listener] += 1;
  }

  snapshot(): ConnectionCounts {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = { public: 0, admin: 0 };
  }
}
