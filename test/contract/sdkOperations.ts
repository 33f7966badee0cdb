/**
 * Which Ory SDK operations the facade uses, and which one a recorded request was: the conformance test
 * (emulatorVsKratos.test.ts) fails when src/ory calls an SDK method that none of its steps exercised, so a new
 * Ory call cannot slip in uncompared.
 *
 * The facade's calls are found by name: every method of the SDK classes src/ory/clients.ts creates, called as
 * `.name(` anywhere in src/ory (the only place that talks to @ory/client). A recorded request is matched to its
 * operation by method and path in Kratos's own OpenAPI document (kratos/kratos-openapi-v26.2.0.json), whose
 * operation ids are the SDK's method names.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CourierApi, FrontendApi, IdentityApi } from '@ory/client';

const SRC_ORY = path.resolve(__dirname, '..', '..', 'src', 'ory');
const OPENAPI = path.join(__dirname, 'kratos', 'kratos-openapi-v26.2.0.json');

/** Every operation of the SDK classes the facade instantiates. */
function sdkMethods(): string[] {
  return [FrontendApi, IdentityApi, CourierApi]
    .flatMap((api) => Object.getOwnPropertyNames(api.prototype))
    .filter((name) => name !== 'constructor');
}

/** The SDK methods src/ory calls, sorted. */
export function facadeSdkCalls(): string[] {
  const source = readdirSync(SRC_ORY)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(path.join(SRC_ORY, file), 'utf8'))
    .join('\n');
  return [...new Set(sdkMethods())].filter((name) => source.includes(`.${name}(`)).sort();
}

interface Operation {
  id: string;
  method: string;
  pattern: RegExp;
  /** Literal paths win over templated ones (`/sessions/whoami` before `/sessions/{id}`). */
  templated: boolean;
}

function loadOperations(): Operation[] {
  const spec = JSON.parse(readFileSync(OPENAPI, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  const operations: Operation[] = [];
  for (const [template, verbs] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [verb, operation] of Object.entries(verbs)) {
      if (operation.operationId === undefined) continue;
      operations.push({
        id: operation.operationId,
        method: verb.toUpperCase(),
        pattern,
        templated: template.includes('{'),
      });
    }
  }
  return operations.sort((a, b) => Number(a.templated) - Number(b.templated));
}

let operations: Operation[] | undefined;

/** The SDK operation of a request (`GET /sessions/whoami` is `toSession`), or undefined for one Kratos lacks. */
export function operationOf(call: { method: string; path: string }): string | undefined {
  operations ??= loadOperations();
  return operations.find((operation) => operation.method === call.method && operation.pattern.test(call.path))
    ?.id;
}
