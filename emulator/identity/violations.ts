/**
 * Translates ajv validation errors into what Kratos derives from ory/jsonschema errors: the UI
 * message for the node the JSON pointer names (`ui/container.ParseError` +
 * `translateValidationError`) and the raw validator text used as admin API `reason`.
 */
import type { ErrorObject } from 'ajv';
import { goJsonKind } from '../json';
import { messages, type UiText } from '../text/messages';

export interface SchemaViolation {
  /** JSON pointer of the offending value (for `required`: of the object). */
  readonly instancePtr: string;
  /** The UI node the message belongs to (`traits.email`; '' for flow-level). */
  readonly field: string;
  readonly schemaPtr: string;
  /** ory/jsonschema's message, e.g. `missing properties: "email"`. */
  readonly validatorMessage: string;
  readonly message: UiText;
}

/** Keywords that only aggregate nested errors; ory/jsonschema reports their causes instead. */
const AGGREGATE_KEYWORDS = new Set(['if', 'then', 'else', 'anyOf', 'oneOf', 'allOf', '$ref']);

/** `jsonschemax.JSONPointerToDotNotation`: `#/traits/email` → `traits.email`, `#/` → ''. */
export function pointerToField(pointer: string): string {
  const path = pointer.replace(/^#/, '').replace(/^\//, '');
  if (path === '') return '';
  return path
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** Go counts characters as runes (`utf8.RuneCountInString`). */
function runeLength(value: unknown): number {
  return typeof value === 'string' ? Array.from(value).length : 0;
}

function num(params: Record<string, unknown>, key: string): number {
  const value = params[key];
  return typeof value === 'number' ? value : Number(value);
}

function schemaPointer(error: ErrorObject): string {
  const hash = error.schemaPath.indexOf('#');
  return hash === -1 ? `#${error.schemaPath}` : error.schemaPath.slice(hash);
}

/** Go's `jsonType` in ory/jsonschema (integers are reported as `number`). */
function jsonType(value: unknown): string {
  const kind = goJsonKind(value);
  return kind === 'bool' ? 'boolean' : kind;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function translate(error: ErrorObject): SchemaViolation | undefined {
  const params: Record<string, unknown> = error.params;
  const instancePtr = `#${error.instancePath}`;
  const schemaPtr = schemaPointer(error);
  const data: unknown = error.data;
  const make = (validatorMessage: string, message: UiText, fieldPointer = instancePtr): SchemaViolation => ({
    instancePtr,
    field: pointerToField(fieldPointer),
    schemaPtr,
    validatorMessage,
    message,
  });
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return make(
        `missing properties: ${JSON.stringify(missing)}`,
        messages.required(missing),
        `${instancePtr}/${missing}`,
      );
    }
    case 'minLength': {
      const text = `length must be >= ${num(params, 'limit')}, but got ${runeLength(data)}`;
      return make(text, messages.minLength(num(params, 'limit'), runeLength(data)));
    }
    case 'maxLength': {
      const text = `length must be <= ${num(params, 'limit')}, but got ${runeLength(data)}`;
      return make(text, messages.maxLength(num(params, 'limit'), runeLength(data)));
    }
    case 'pattern': {
      const pattern = String(params.pattern);
      return make(`does not match pattern ${JSON.stringify(pattern)}`, messages.invalidFormat(pattern));
    }
    case 'type': {
      const raw = params.type;
      const allowed = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
      const text = `expected ${allowed.join(' or ')}, but got ${jsonType(data)}`;
      return make(text, messages.wrongType(allowed, jsonType(data)));
    }
    case 'format': {
      const format = String(params.format);
      const value = typeof data === 'string' ? data : JSON.stringify(data);
      const text = `${JSON.stringify(value)} is not valid ${JSON.stringify(format)}`;
      return make(text, format === 'email' ? messages.email(value) : messages.validationGeneric(text));
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const limit = num(params, 'limit');
      const actual = typeof data === 'number' ? data : Number(data);
      const message =
        error.keyword === 'minimum'
          ? messages.minimum(limit, actual)
          : error.keyword === 'maximum'
            ? messages.maximum(limit, actual)
            : error.keyword === 'exclusiveMinimum'
              ? messages.exclusiveMinimum(limit, actual)
              : messages.exclusiveMaximum(limit, actual);
      return make(message.text, message);
    }
    case 'multipleOf': {
      const message = messages.multipleOf(
        num(params, 'multipleOf'),
        typeof data === 'number' ? data : Number(data),
      );
      return make(message.text, message);
    }
    case 'maxItems':
    case 'minItems': {
      const count = Array.isArray(data) ? data.length : 0;
      const message =
        error.keyword === 'maxItems'
          ? messages.maxItems(num(params, 'limit'), count)
          : messages.minItems(num(params, 'limit'), count);
      return make(message.text, message);
    }
    case 'uniqueItems': {
      const message = messages.uniqueItems(num(params, 'j'), num(params, 'i'));
      return make(message.text, message);
    }
    case 'const': {
      const expected = JSON.stringify(params.allowedValue);
      return make(`value must be ${expected}`, messages.constValue(expected));
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues)
        ? params.allowedValues.map((v) => JSON.stringify(v))
        : [];
      const text = `value must be one of ${allowed.join(', ')}`;
      return make(text, messages.validationGeneric(text));
    }
    case 'not':
      return make('not failed', messages.validationGeneric('not failed'));
    default:
      if (AGGREGATE_KEYWORDS.has(error.keyword)) return undefined;
      return make(error.message ?? error.keyword, messages.validationGeneric(error.message ?? error.keyword));
  }
}

/**
 * All violations of one validation run. `additionalProperties` errors of one object are merged
 * into a single message like ory/jsonschema's `additionalProperties "a", "b" not allowed`.
 */
export function translateErrors(errors: readonly ErrorObject[]): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const additional = new Map<string, { schemaPtr: string; names: string[] }>();
  for (const error of errors) {
    if (error.keyword === 'additionalProperties') {
      const params: Record<string, unknown> = error.params;
      const entry = additional.get(error.instancePath) ?? { schemaPtr: schemaPointer(error), names: [] };
      entry.names.push(String(params.additionalProperty));
      additional.set(error.instancePath, entry);
      continue;
    }
    const violation = translate(error);
    if (violation) out.push(violation);
  }
  for (const [path, entry] of additional) {
    const text = `additionalProperties ${quoteList(entry.names)} not allowed`;
    out.push({
      instancePtr: `#${path}`,
      field: pointerToField(`#${path}`),
      schemaPtr: entry.schemaPtr,
      validatorMessage: text,
      message: messages.validationGeneric(text),
    });
  }
  return out;
}

/** The `reason` Kratos' admin API shows for a failed validation (first leaf error). */
export function validatorReason(violations: readonly SchemaViolation[]): string {
  const first = violations[0];
  if (!first) return 'validation failed';
  return `I[${first.instancePtr}] S[${first.schemaPtr}] ${first.validatorMessage}`;
}
