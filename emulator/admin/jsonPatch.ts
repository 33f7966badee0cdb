/**
 * RFC 6902 JSON Patch the way Kratos applies it to identities: ory/x `jsonx.ApplyJSONPatch` on top
 * of evanphx/json-patch v5. Only `add`, `remove` and `replace` are allowed, denied paths are
 * checked before anything is applied, `replace` of a non-array-element path becomes `add`, and
 * `add` creates missing parents (`EnsurePathExistsOnAdd`). Error texts are the Go libraries',
 * including their `pkg/errors` wrapping (`context: cause`), because Kratos puts them verbatim
 * into the error's `message`.
 */
import {
  cloneJson,
  goJsonKind,
  goJsonStringify,
  isJsonObject,
  parseJson,
  type JsonObject,
  type JsonValue,
} from '../json';

/** A patch that could not be decoded or applied; `message` is the Go error text. */
export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

export interface PatchOperation {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: string;
  readonly value: JsonValue;
}

/** evanphx' sentinel errors, appended by `errors.Wrapf` as `: <cause>`. */
const MISSING = 'missing value';
const INVALID_INDEX = 'invalid index referenced';
const INVALID_STATE = 'invalid state detected';

const ATOI = /^[+-]?\d+$/;

function atoiError(text: string): string {
  return `strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`;
}

/** Go's `json.Marshal` of an `Operation` (a map): sorted keys, compact values. */
function operationText(op: JsonValue): string {
  if (!isJsonObject(op)) return goJsonStringify(op);
  const sorted: JsonObject = {};
  for (const key of Object.keys(op).sort()) sorted[key] = op[key] ?? null;
  return goJsonStringify(sorted);
}

/** `Operation.Kind()`: a non-string or missing `op` is "unknown". */
function kindOf(op: JsonObject): string {
  return typeof op.op === 'string' ? op.op : 'unknown';
}

/** evanphx `validateOperation`, run by `DecodePatch` before ory/x sees the operations. */
function validateOperation(op: JsonObject): string | undefined {
  const stringField = (name: 'path' | 'from', missing: string): string | undefined => {
    const value = op[name];
    if (value === undefined || value === null) return `${missing}: ${MISSING}`;
    if (typeof value !== 'string')
      return `json: cannot unmarshal ${goJsonKind(value)} into Go value of type string`;
    return undefined;
  };
  switch (kindOf(op)) {
    case 'add':
    case 'replace':
      if (!('value' in op)) return `failed to decode 'value': operation, missing value field: ${MISSING}`;
      break;
    case 'move':
    case 'copy': {
      const error = stringField('from', 'operation, missing from field');
      if (error !== undefined) return `failed to decode 'from': ${error}`;
      break;
    }
    case 'remove':
    case 'test':
      break;
    default:
      return 'unsupported operation';
  }
  const pathError = stringField('path', 'operation missing path field');
  return pathError === undefined ? undefined : `failed to decode 'path': ${pathError}`;
}

/** What ory/x refuses before applying: glob `{/id,/stateChangedAt,/credentials,/credentials/oidc/**}`. */
export interface DeniedPaths {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
}

function isElementAccess(path: string): boolean {
  if (path === '') return false;
  const last = path.split('/').pop() ?? '';
  return last === '-' || ATOI.test(last);
}

/**
 * `jsonpatch.DecodePatch` plus ory/x's checks. Invalid JSON (including an empty body) is
 * "invalid state detected"; `null` is an empty patch.
 */
export function decodePatch(text: string, denied: DeniedPaths): PatchOperation[] {
  let parsed: JsonValue;
  try {
    parsed = parseJson(text);
  } catch {
    throw new JsonPatchError(INVALID_STATE);
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed)) {
    throw new JsonPatchError(
      `json: cannot unmarshal ${goJsonKind(parsed)} into Go value of type jsonpatch.Patch`,
    );
  }
  const objects: JsonObject[] = [];
  for (const item of parsed) {
    if (item !== null && !isJsonObject(item)) {
      throw new JsonPatchError(
        `json: cannot unmarshal ${goJsonKind(item)} into Go value of type jsonpatch.Operation`,
      );
    }
    const op = item ?? {};
    const error = validateOperation(op);
    if (error !== undefined) throw new JsonPatchError(`invalid operation ${operationText(item)}: ${error}`);
    objects.push(op);
  }
  return objects.map((op) => {
    const kind = kindOf(op);
    if (kind !== 'add' && kind !== 'remove' && kind !== 'replace') {
      // evanphx' move/copy/test are buggy (evanphx/json-patch#158), so ory/x refuses them.
      throw new JsonPatchError(`unsupported operation: ${kind}`);
    }
    const path = typeof op.path === 'string' ? op.path : '';
    if (denied.exact.includes(path) || denied.prefixes.some((prefix) => path.startsWith(prefix))) {
      throw new JsonPatchError(`patch includes denied path: ${path}`);
    }
    // Kratos is "more tolerant" than RFC 6902: replacing a missing key adds it.
    const effective = kind === 'replace' && !isElementAccess(path) ? 'add' : kind;
    return { op: effective, path, value: op.value ?? null };
  });
}

// Applying --------------------------------------------------------------------------------------

type Container = JsonObject | JsonValue[];

/** RFC 6901 unescaping (`~1` → `/`, then `~0` → `~`). */
function decodeKey(key: string): string {
  return key.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isContainer(value: JsonValue | undefined): value is Container {
  return Array.isArray(value) || isJsonObject(value);
}

/** `container.get`; JSON `null` members behave like absent ones when walking a path. */
function getChild(container: Container, key: string): JsonValue | undefined {
  if (key === '') return container;
  if (!Array.isArray(container)) return Object.hasOwn(container, key) ? container[key] : undefined;
  if (!ATOI.test(key)) return undefined;
  let index = Number.parseInt(key, 10);
  if (index < 0) {
    if (index < -container.length) return undefined;
    index += container.length;
  }
  return index < container.length ? container[index] : undefined;
}

/** `container.add`: set on objects, insert (or append for `-`) on arrays. */
function addChild(container: Container, key: string, value: JsonValue): string | undefined {
  if (!Array.isArray(container)) {
    container[key] = value;
    return undefined;
  }
  if (key === '-') {
    container.push(value);
    return undefined;
  }
  if (!ATOI.test(key)) return `value was not a proper array index: '${key}': ${atoiError(key)}`;
  let index = Number.parseInt(key, 10);
  const size = container.length + 1;
  if (index >= size || index < -size) return `Unable to access invalid index: ${index}: ${INVALID_INDEX}`;
  if (index < 0) index += size;
  container.splice(index, 0, value);
  return undefined;
}

function removeChild(container: Container, key: string): string | undefined {
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key)) return `unable to remove nonexistent key: ${key}: ${MISSING}`;
    Reflect.deleteProperty(container, key);
    return undefined;
  }
  if (!ATOI.test(key)) return atoiError(key);
  let index = Number.parseInt(key, 10);
  if (index >= container.length || index < -container.length) {
    return `Unable to access invalid index: ${index}: ${INVALID_INDEX}`;
  }
  if (index < 0) index += container.length;
  container.splice(index, 1);
  return undefined;
}

/** `findObject`: the container holding the last path segment, or `undefined`. */
function findContainer(doc: Container, path: string): { container: Container; key: string } | undefined {
  const parts = path.split('/');
  if (parts.length < 2) return path === '' ? { container: doc, key: '' } : undefined;
  let container: Container = doc;
  for (const part of parts.slice(1, -1)) {
    const next = getChild(container, decodeKey(part));
    if (!isContainer(next)) return undefined;
    container = next;
  }
  return { container, key: decodeKey(parts[parts.length - 1] ?? '') };
}

/** `ensurePathExists`: creates missing (or `null`) parents as objects, or arrays before indexes. */
function ensurePathExists(doc: Container, path: string): void {
  const parts = path.split('/').slice(1);
  let container: Container = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] ?? '';
    const key = decodeKey(part);
    const target = getChild(container, key);
    if (isContainer(target)) {
      container = target;
      continue;
    }
    if (target !== undefined && target !== null) throw new JsonPatchError(INVALID_STATE);
    if (Array.isArray(container) && ATOI.test(part)) {
      const index = Number.parseInt(part, 10);
      while (container.length < index) container.push(null);
    }
    const next = parts[i + 1] ?? '';
    let created: Container;
    if (ATOI.test(next) || next === '-') {
      let index = ATOI.test(next) ? Number.parseInt(next, 10) : 0;
      if (index < -1) {
        throw new JsonPatchError(
          `Unable to ensure path for negative index other than -1: ${index}: ${INVALID_INDEX}`,
        );
      }
      if (index < 0) index = 0;
      created = new Array<JsonValue>(index).fill(null);
    } else {
      created = {};
    }
    // evanphx ignores a failing add here; the walk then continues on the detached container.
    addChild(container, key, created);
    container = created;
  }
}

/** Replaces the whole document (`add` with path ""). */
function replaceRoot(value: JsonValue): Container {
  if (isContainer(value)) return cloneJson(value);
  throw new JsonPatchError(
    `json: cannot unmarshal ${goJsonKind(value)} into Go value of type jsonpatch.partialDoc`,
  );
}

function applyOne(doc: Container, op: PatchOperation): Container {
  const { path } = op;
  switch (op.op) {
    case 'add': {
      if (path === '') return replaceRoot(op.value);
      ensurePathExists(doc, path);
      const found = findContainer(doc, path);
      if (!found)
        throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": ${MISSING}`);
      const error = addChild(found.container, found.key, cloneJson(op.value));
      if (error !== undefined) throw new JsonPatchError(`error in add for path: '${path}': ${error}`);
      return doc;
    }
    case 'remove': {
      const found = findContainer(doc, path);
      if (!found) {
        throw new JsonPatchError(
          `remove operation does not apply: doc is missing path: "${path}": ${MISSING}`,
        );
      }
      const error = removeChild(found.container, found.key);
      if (error !== undefined) throw new JsonPatchError(`error in remove for path: '${path}': ${error}`);
      return doc;
    }
    case 'replace': {
      const found = findContainer(doc, path);
      if (!found)
        throw new JsonPatchError(
          `replace operation does not apply: doc is missing path: ${path}: ${MISSING}`,
        );
      const { container, key } = found;
      if (getChild(container, key) === undefined) {
        throw new JsonPatchError(`replace operation does not apply: doc is missing key: ${path}: ${MISSING}`);
      }
      if (Array.isArray(container)) {
        const index = Number.parseInt(key, 10);
        container[index < 0 ? index + container.length : index] = cloneJson(op.value);
      } else {
        container[key] = cloneJson(op.value);
      }
      return doc;
    }
  }
}

/** Applies the operations in order to a copy of `doc`; the first failure aborts the whole patch. */
export function applyPatch(doc: JsonObject, operations: readonly PatchOperation[]): JsonValue {
  let current: Container = cloneJson(doc);
  for (const op of operations) current = applyOne(current, op);
  return current;
}
