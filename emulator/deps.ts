/** The shared state every handler works with; one instance per running emulator. */
import type { Courier } from './courier/courier';
import type { FaultRegistry } from './faults/faultRegistry';
import type { ConnectionCounter } from './http/connectionCounter';
import type { SchemaRegistry } from './identity/schemaRegistry';
import type { EmulatorConfig } from './options';
import type { InMemoryRequestLog } from './requestLog';
import type { Store } from './store/store';

export interface EmulatorDeps {
  readonly config: EmulatorConfig;
  readonly store: Store;
  readonly schemas: SchemaRegistry;
  readonly requestLog: InMemoryRequestLog;
  /** Queued emails (recovery and verification codes). */
  readonly courier: Courier;
  /** Injected clock so flows and sessions expire consistently within one request. */
  readonly now: () => Date;
  /** Test-only fault injection rules (`emulator/faults`). */
  readonly faults: FaultRegistry;
  /** TCP connections accepted per listener (keep-alive assertions). */
  readonly connections: ConnectionCounter;
}
