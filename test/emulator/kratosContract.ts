/**
 * Reading the Kratos v26.2.0 reference data in `test/contract/kratos/` (see its README): test
 * snapshots of UI node lists and the OpenAPI component schemas, compiled once for validation.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { NodeJson } from './helpers';

const KRATOS_DIR = join(__dirname, '..', 'contract', 'kratos');

export function readKratosJson(file: string): unknown {
  return JSON.parse(readFileSync(join(KRATOS_DIR, file), 'utf8'));
}

export function snapshotNodes(file: string): NodeJson[] {
  const nodes = readKratosJson(file);
  if (!Array.isArray(nodes)) throw new Error(`${file} is not a node list`);
  return nodes;
}

/** Drops values Kratos' tests exclude or that differ per run (CSRF tokens by default). */
export function withoutValues(
  nodes: NodeJson[],
  dropValuesOf: readonly string[] = ['csrf_token'],
): NodeJson[] {
  return nodes.map((node) => {
    if (!dropValuesOf.includes(node.attributes.name)) return node;
    const { value: _value, ...attributes } = node.attributes;
    return { ...node, attributes: { ...attributes } };
  });
}

/**
 * OpenAPI 3.0 allows `nullable: true` without `type` (meaning "any value or null"); ajv insists on
 * a type, so such markers are dropped: the schema then accepts anything, which is what it means.
 */
function withoutUntypedNullable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUntypedNullable);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'nullable' && !('type' in value)) continue;
    out[key] = withoutUntypedNullable(child);
  }
  return out;
}

/** `expectValid(component, body)` against `#/components/schemas/<component>` of Kratos' spec. */
export function openApiValidator(): (component: string, body: unknown) => void {
  const openapi = readKratosJson('kratos-openapi-v26.2.0.json');
  if (typeof openapi !== 'object' || openapi === null || !('components' in openapi)) {
    throw new Error('no components');
  }
  // Discriminators carry `mapping`, which ajv does not support; `oneOf` alone decides the same here.
  const ajv = new Ajv({ strict: false, allErrors: true, discriminator: false });
  addFormats(ajv);
  ajv.addFormat('uuid4', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addSchema({ $id: 'kratos-openapi', components: withoutUntypedNullable(openapi.components) });
  return (component, body) => {
    const validate = ajv.getSchema(`kratos-openapi#/components/schemas/${component}`);
    if (!validate) throw new Error(`unknown component ${component}`);
    const valid = validate(body);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  };
}
