/**
 * A JSON schema validator that fails the way ory/jsonschema/v3 (what Kratos v26.2.0 uses) fails:
 * the same keyword order (a type mismatch stops everything else; `format` before `minLength`),
 * the same messages, and the same error tree — one error per schema node, or a
 * `validation failed` node with every cause. `Error()` of that tree is the `reason` of admin API
 * 400s; `ui/container.ParseError` walks it for the UI messages (see {@link uiMessages}).
 *
 * Differences: properties are checked in schema order (Go iterates a map: Kratos' order of several
 * failing properties varies from run to run); `$ref`s resolve within the registered documents only.
 */
import { fullFormats } from 'ajv-formats/dist/formats';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { messages, type UiText } from '../text/messages';
import { goFloat, goQuote, isGoEmail, isGoHostname } from './goFormats';

export interface OryValidationError {
  message: string;
  /** JSON pointer into the instance, `#/traits/email` once finished. */
  instancePtr: string;
  /** JSON pointer into the schema (document-relative once finished). */
  schemaPtr: string;
  /** Set once the pointer is final (errors from a `$ref` keep their target's pointer). */
  schemaUrl: string;
  /** `ValidationErrorContextRequired`: pointers of the missing properties. */
  missing?: string[];
  causes: OryValidationError[];
}

/** An extra check run on every schema node carrying `ory.sh/kratos` (Kratos' extension runner). */
export type ExtensionCheck = (
  extension: JsonValue,
  schema: JsonObject,
  value: JsonValue,
) => OryValidationError | undefined;

function errorOf(schemaPtr: string, message: string): OryValidationError {
  return { message, instancePtr: '', schemaPtr, schemaUrl: '', causes: [] };
}

/** What `ValidationContext.Error` hands to extensions. */
export const extensionError = errorOf;

function joinPtr(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return `${a}/${b}`;
}

/** ory/jsonschema `escape`: `~0`, `~1`, then `url.PathEscape`. */
function escapeToken(token: string): string {
  return encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))
    .replace(/%(24|26|2B|3A|3D|40)/g, (escaped) => decodeURIComponent(escaped))
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function addContext(instancePtr: string, schemaPtr: string, error: OryValidationError): OryValidationError {
  error.instancePtr = joinPtr(instancePtr, error.instancePtr);
  if (error.schemaUrl === '') error.schemaPtr = joinPtr(schemaPtr, error.schemaPtr);
  if (error.missing) error.missing = error.missing.map((m) => joinPtr(instancePtr, m));
  for (const cause of error.causes) addContext(instancePtr, schemaPtr, cause);
  return error;
}

function withCauses(parent: OryValidationError, causes: readonly OryValidationError[]): OryValidationError {
  for (const cause of causes) {
    addContext(parent.instancePtr, parent.schemaPtr, cause);
    parent.causes.push(cause);
  }
  return parent;
}

function finishSchemaContext(error: OryValidationError, url: string, ptr: string): void {
  if (error.schemaUrl !== '') return;
  error.schemaUrl = url;
  error.schemaPtr = joinPtr(ptr, error.schemaPtr);
  for (const cause of error.causes) finishSchemaContext(cause, url, ptr);
}

function finishInstanceContext(error: OryValidationError): void {
  error.instancePtr = error.instancePtr === '' ? '#' : `#/${error.instancePtr}`;
  if (error.missing) error.missing = error.missing.map((m) => (m === '' ? '#' : `#/${m}`));
  for (const cause of error.causes) finishInstanceContext(cause);
}

/** `ValidationError.Error()`. */
export function errorText(error: OryValidationError): string {
  let text = `I[${error.instancePtr}] S[${error.schemaPtr}] ${error.message}`;
  for (const cause of error.causes) {
    for (const line of errorText(cause).split('\n')) text += `\n  ${line}`;
  }
  return text;
}

/** Go's `jsonType`. */
function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  return Array.isArray(value) ? 'array' : 'object';
}

function equals(a: JsonValue, b: JsonValue): boolean {
  if (jsonType(a) !== jsonType(b)) return false;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => equals(v, b[i] ?? null));
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => k in b && equals(a[k] ?? null, b[k] ?? null))
    );
  }
  return a === b;
}

/** Go's `%q` of an interface value (`format` errors on non-strings). */
function goQuoteAny(value: JsonValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return `%!q(float64=${goFloat(value)})`;
  if (typeof value === 'boolean') return `%!q(bool=${String(value)})`;
  return `%!q(${jsonType(value)})`;
}

/** Go's `%#v` of a JSON primitive (enum and const messages). */
function goSharpV(value: JsonValue): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number') return goFloat(value);
  if (value === null) return '<nil>';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

type FormatCheck = (value: JsonValue) => boolean;

function stringTest(format: unknown): ((s: string) => boolean) | undefined {
  if (format instanceof RegExp) return (s) => format.test(s);
  if (typeof format === 'function') return (s) => Boolean((format as (s: string) => unknown)(s));
  if (typeof format === 'object' && format !== null && 'validate' in format)
    return stringTest(format.validate);
  return undefined;
}

function ajvFormat(name: string): FormatCheck | undefined {
  const test = stringTest((fullFormats as Record<string, unknown>)[name]);
  return test === undefined ? undefined : (value) => typeof value === 'string' && test(value);
}

/** ory/jsonschema's `Formats`; every check fails for non-strings. */
const FORMATS: Record<string, FormatCheck | undefined> = {
  'date-time': ajvFormat('date-time'),
  date: ajvFormat('date'),
  time: ajvFormat('time'),
  hostname: (v) => typeof v === 'string' && isGoHostname(v),
  email: (v) => typeof v === 'string' && isGoEmail(v),
  tel: (v) => typeof v === 'string' && /^\+?[1-9]\d{6,14}$/.test(v.replace(/[\s().-]/g, '')),
  'ip-address': ajvFormat('ipv4'),
  ipv4: ajvFormat('ipv4'),
  ipv6: ajvFormat('ipv6'),
  uri: ajvFormat('uri'),
  iri: ajvFormat('uri'),
  'uri-reference': ajvFormat('uri-reference'),
  uriref: ajvFormat('uri-reference'),
  'iri-reference': ajvFormat('uri-reference'),
  'uri-template': ajvFormat('uri-template'),
  regex: ajvFormat('regex'),
  'json-pointer': ajvFormat('json-pointer'),
  'relative-json-pointer': ajvFormat('relative-json-pointer'),
};

/** The named formats checked with ory/jsonschema's rules (for use outside schemas). */
export function checkFormat(format: string, value: JsonValue): boolean {
  const check = FORMATS[format];
  return check === undefined || check(value);
}

const EXTENSION_KEY = 'ory.sh/kratos';

/** A schema node: the JSON plus where it lives. */
interface Node {
  readonly schema: JsonValue;
  readonly url: string;
  /** Pointer of this node in its document (`#`, `#/properties/traits`). */
  readonly ptr: string;
}

export class OrySchemaSet {
  private readonly documents = new Map<string, JsonValue>();

  /** Registers a document under its URL (the `$ref` target name). */
  add(url: string, schema: JsonValue): this {
    this.documents.set(url, schema);
    return this;
  }

  private resolve(from: Node, ref: string): Node | undefined {
    const hash = ref.indexOf('#');
    const base = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    const url = base === '' ? from.url : base;
    let target = this.documents.get(url);
    for (const part of fragment.split('/').filter((p) => p !== '')) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
      target = Array.isArray(target) ? target[Number(key)] : isJsonObject(target) ? target[key] : undefined;
    }
    if (target === undefined) return undefined;
    return { schema: target, url, ptr: fragment === '' ? '#' : `#${fragment}` };
  }

  /**
   * `Schema.ValidateInterface` of the document at `url`; `extension` is run on schema nodes that
   * carry `ory.sh/kratos`.
   */
  validate(url: string, value: JsonValue, extension?: ExtensionCheck): OryValidationError | undefined {
    const root = this.documents.get(url);
    if (root === undefined) throw new Error(`unknown schema ${url}`);
    const error = this.check({ schema: root, url, ptr: '#' }, value, extension);
    if (!error) return undefined;
    finishSchemaContext(error, url, '#');
    finishInstanceContext(error);
    return error;
  }

  private child(node: Node, ...path: string[]): Node {
    let schema: JsonValue | undefined = node.schema;
    for (const key of path)
      schema = Array.isArray(schema) ? schema[Number(key)] : isJsonObject(schema) ? schema[key] : undefined;
    return { schema: schema ?? true, url: node.url, ptr: `${node.ptr}/${path.map(escapeToken).join('/')}` };
  }

  private check(node: Node, value: JsonValue, extension?: ExtensionCheck): OryValidationError | undefined {
    const s = node.schema;
    if (typeof s === 'boolean') return s ? undefined : errorOf('', 'always fail');
    if (!isJsonObject(s)) return undefined;

    if (typeof s.$ref === 'string') {
      const target = this.resolve(node, s.$ref);
      if (!target) return undefined;
      const error = this.check(target, value, extension);
      if (!error) return undefined;
      finishSchemaContext(error, target.url, target.ptr);
      const refUrl = target.url === node.url ? target.ptr : `${target.url}${target.ptr}`;
      return withCauses(errorOf('$ref', `doesn't validate with ${goQuote(refUrl)}`), [error]);
    }

    const types =
      typeof s.type === 'string'
        ? [s.type]
        : Array.isArray(s.type)
          ? s.type.filter((t) => typeof t === 'string')
          : [];
    if (types.length > 0) {
      const actual = jsonType(value);
      const matched = types.some(
        (t) => t === actual || (t === 'integer' && typeof value === 'number' && Number.isInteger(value)),
      );
      if (!matched) return errorOf('type', `expected ${types.join(' or ')}, but got ${actual}`);
    }

    const errors: OryValidationError[] = [];
    const sub = (path: string[], v: JsonValue): OryValidationError | undefined =>
      this.check(this.child(node, ...path), v, extension);

    if ('const' in s) {
      const expected = s.const ?? null;
      if (!equals(value, expected)) {
        errors.push(
          errorOf(
            'const',
            Array.isArray(expected) || isJsonObject(expected)
              ? 'const failed'
              : `value must be ${goSharpV(expected)}`,
          ),
        );
      }
    }
    if (Array.isArray(s.enum) && s.enum.length > 0) {
      const options = s.enum;
      if (!options.some((item) => equals(value, item))) {
        const primitives = options.every((item) => !Array.isArray(item) && !isJsonObject(item));
        const text = !primitives
          ? 'enum failed'
          : options.length === 1
            ? `value must be ${goSharpV(options[0] ?? null)}`
            : `value must be one of ${options.map(goSharpV).join(', ')}`;
        errors.push(errorOf('enum', text));
      }
    }
    if (typeof s.format === 'string') {
      const check = FORMATS[s.format];
      if (check && !check(value))
        errors.push(errorOf('format', `${goQuoteAny(value)} is not valid ${goQuote(s.format)}`));
    }
    if (s.not !== undefined && !sub(['not'], value)) errors.push(errorOf('not', 'not failed'));
    if (Array.isArray(s.allOf)) {
      s.allOf.forEach((_, i) => {
        const error = sub(['allOf', String(i)], value);
        if (error) errors.push(withCauses(errorOf(`allOf/${i}`, 'allOf failed'), [error]));
      });
    }
    if (Array.isArray(s.anyOf) && s.anyOf.length > 0) {
      const causes: OryValidationError[] = [];
      let matched = false;
      for (let i = 0; i < s.anyOf.length; i++) {
        const error = sub(['anyOf', String(i)], value);
        if (!error) {
          matched = true;
          break;
        }
        causes.push(addContext('', String(i), error));
      }
      if (!matched) errors.push(withCauses(errorOf('anyOf', 'anyOf failed'), causes));
    }
    if (Array.isArray(s.oneOf) && s.oneOf.length > 0) {
      const causes: OryValidationError[] = [];
      let matched = -1;
      for (let i = 0; i < s.oneOf.length; i++) {
        const error = sub(['oneOf', String(i)], value);
        if (!error) {
          if (matched === -1) matched = i;
          else {
            errors.push(errorOf('oneOf', `valid against schemas at indexes ${matched} and ${i}`));
            break;
          }
        } else causes.push(addContext('', String(i), error));
      }
      if (matched === -1) errors.push(withCauses(errorOf('oneOf', 'oneOf failed'), causes));
    }
    if (s.if !== undefined) {
      if (!sub(['if'], value)) {
        if (s.then !== undefined) {
          const error = sub(['then'], value);
          if (error) errors.push(withCauses(errorOf('then', 'if-then failed'), [error]));
        }
      } else if (s.else !== undefined) {
        const error = sub(['else'], value);
        if (error) errors.push(withCauses(errorOf('else', 'if-else failed'), [error]));
      }
    }

    if (isJsonObject(value)) this.checkObject(node, s, value, errors, extension);
    if (Array.isArray(value)) this.checkArray(node, s, value, errors, extension);
    if (typeof value === 'string') {
      const length = Array.from(value).length;
      if (typeof s.minLength === 'number' && length < s.minLength) {
        errors.push(errorOf('minLength', `length must be >= ${s.minLength}, but got ${length}`));
      }
      if (typeof s.maxLength === 'number' && length > s.maxLength) {
        errors.push(errorOf('maxLength', `length must be <= ${s.maxLength}, but got ${length}`));
      }
      if (typeof s.pattern === 'string' && !safeRegExp(s.pattern)?.test(value)) {
        errors.push(errorOf('pattern', `does not match pattern ${goQuote(s.pattern)}`));
      }
    }
    if (typeof value === 'number') {
      const v = goFloat(value);
      if (typeof s.minimum === 'number' && value < s.minimum) {
        errors.push(errorOf('minimum', `must be >= ${goFloat(s.minimum)} but found ${v}`));
      }
      if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) {
        errors.push(errorOf('exclusiveMinimum', `must be > ${goFloat(s.exclusiveMinimum)} but found ${v}`));
      }
      if (typeof s.maximum === 'number' && value > s.maximum) {
        errors.push(errorOf('maximum', `must be <= ${goFloat(s.maximum)} but found ${v}`));
      }
      if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) {
        errors.push(errorOf('exclusiveMaximum', `must be < ${goFloat(s.exclusiveMaximum)} but found ${v}`));
      }
      if (typeof s.multipleOf === 'number' && s.multipleOf !== 0 && !Number.isInteger(value / s.multipleOf)) {
        errors.push(errorOf('multipleOf', `${v} not multipleOf ${goFloat(s.multipleOf)}`));
      }
    }

    const ext = s[EXTENSION_KEY];
    if (ext !== undefined && extension) {
      const error = extension(ext, s, value);
      if (error) errors.push(error);
    }

    if (errors.length === 0) return undefined;
    if (errors.length === 1) return errors[0];
    return withCauses(errorOf('', 'validation failed'), errors);
  }

  private checkObject(
    node: Node,
    s: JsonObject,
    value: JsonObject,
    errors: OryValidationError[],
    extension?: ExtensionCheck,
  ): void {
    const count = Object.keys(value).length;
    if (typeof s.minProperties === 'number' && count < s.minProperties) {
      errors.push(
        errorOf(
          'minProperties',
          `minimum ${s.minProperties} properties allowed, but found ${count} properties`,
        ),
      );
    }
    if (typeof s.maxProperties === 'number' && count > s.maxProperties) {
      errors.push(
        errorOf(
          'maxProperties',
          `maximum ${s.maxProperties} properties allowed, but found ${count} properties`,
        ),
      );
    }
    if (Array.isArray(s.required)) {
      const missing = s.required.filter((p): p is string => typeof p === 'string' && !(p in value));
      if (missing.length > 0) {
        errors.push({
          ...errorOf('required', `missing properties: ${missing.map(goQuote).join(', ')}`),
          missing: missing.map(escapeToken),
        });
      }
    }
    const additional = new Set(Object.keys(value));
    if (isJsonObject(s.properties)) {
      for (const name of Object.keys(s.properties)) {
        if (!(name in value)) continue;
        additional.delete(name);
        const error = this.check(this.child(node, 'properties', name), value[name] ?? null, extension);
        if (error) errors.push(addContext(escapeToken(name), `properties/${escapeToken(name)}`, error));
      }
    }
    if (isJsonObject(s.patternProperties)) {
      for (const pattern of Object.keys(s.patternProperties)) {
        const re = safeRegExp(pattern);
        for (const name of Object.keys(value)) {
          if (!re?.test(name)) continue;
          additional.delete(name);
          const error = this.check(
            this.child(node, 'patternProperties', pattern),
            value[name] ?? null,
            extension,
          );
          if (error)
            errors.push(addContext(escapeToken(name), `patternProperties/${escapeToken(pattern)}`, error));
        }
      }
    }
    if (s.additionalProperties === false && additional.size > 0) {
      const names = [...additional].map(goQuote).join(', ');
      errors.push(errorOf('additionalProperties', `additionalProperties ${names} not allowed`));
    } else if (isJsonObject(s.additionalProperties)) {
      for (const name of additional) {
        const error = this.check(this.child(node, 'additionalProperties'), value[name] ?? null, extension);
        if (error) errors.push(addContext(escapeToken(name), 'additionalProperties', error));
      }
    }
  }

  private checkArray(
    node: Node,
    s: JsonObject,
    value: JsonValue[],
    errors: OryValidationError[],
    extension?: ExtensionCheck,
  ): void {
    if (typeof s.minItems === 'number' && value.length < s.minItems) {
      errors.push(
        errorOf('minItems', `minimum ${s.minItems} items allowed, but found ${value.length} items`),
      );
    }
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) {
      errors.push(
        errorOf('maxItems', `maximum ${s.maxItems} items allowed, but found ${value.length} items`),
      );
    }
    if (s.uniqueItems === true) {
      for (let i = 1; i < value.length; i++) {
        for (let j = 0; j < i; j++) {
          if (equals(value[i] ?? null, value[j] ?? null)) {
            errors.push(errorOf('uniqueItems', `items at index ${j} and ${i} are equal`));
          }
        }
      }
    }
    if (isJsonObject(s.items) || typeof s.items === 'boolean') {
      value.forEach((item, i) => {
        const error = this.check(this.child(node, 'items'), item, extension);
        if (error) errors.push(addContext(String(i), 'items', error));
      });
    } else if (Array.isArray(s.items)) {
      const items = s.items;
      if (s.additionalItems === false && value.length > items.length) {
        errors.push(
          errorOf(
            'additionalItems',
            `only ${items.length} items are allowed, but found ${value.length} items`,
          ),
        );
      }
      value.forEach((item, i) => {
        if (i < items.length) {
          const error = this.check(this.child(node, 'items', String(i)), item, extension);
          if (error) errors.push(addContext(String(i), `items/${i}`, error));
        } else if (isJsonObject(s.additionalItems)) {
          const error = this.check(this.child(node, 'additionalItems'), item, extension);
          if (error) errors.push(addContext(String(i), 'additionalItems', error));
        }
      });
    }
    if (s.contains !== undefined) {
      const causes: OryValidationError[] = [];
      let matched = false;
      for (let i = 0; i < value.length; i++) {
        const error = this.check(this.child(node, 'contains'), value[i] ?? null, extension);
        if (!error) {
          matched = true;
          break;
        }
        causes.push(addContext(String(i), '', error));
      }
      if (!matched) errors.push(withCauses(errorOf('contains', 'contains failed'), causes));
    }
  }
}

const regexCache = new Map<string, RegExp | undefined>();

function safeRegExp(pattern: string): RegExp | undefined {
  if (!regexCache.has(pattern)) {
    let compiled: RegExp | undefined;
    try {
      compiled = new RegExp(pattern, 'u');
    } catch {
      compiled = undefined;
    }
    regexCache.set(pattern, compiled);
  }
  return regexCache.get(pattern);
}

/** `jsonschemax.JSONPointerToDotNotation`: `#/traits/email` → `traits.email`. */
export function pointerToField(pointer: string): string {
  const path = pointer.replace(/^#/, '').replace(/^\//, '');
  if (path === '') return '';
  return path
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function numbers(text: string, pattern: RegExp): number[] {
  const match = pattern.exec(text);
  return match ? match.slice(1).map(Number) : [];
}

/** `container.translateValidationError`: the UI message for a leaf error. */
export function translateError(error: OryValidationError): UiText {
  const keyword = error.schemaPtr.split('/').pop() ?? '';
  const text = error.message;
  switch (keyword) {
    case 'minLength': {
      const [min = -1, actual = -1] = numbers(text, /length must be >= (-?\d+), but got (-?\d+)/);
      return messages.minLength(min, actual);
    }
    case 'maxLength': {
      const [max = -1, actual = -1] = numbers(text, /length must be <= (-?\d+), but got (-?\d+)/);
      return messages.maxLength(max, actual);
    }
    case 'pattern': {
      const match = /^does not match pattern (".*")$/.exec(text);
      let pattern: unknown;
      try {
        pattern = match?.[1] !== undefined ? JSON.parse(match[1]) : '';
      } catch {
        pattern = '';
      }
      return messages.invalidFormat(typeof pattern === 'string' ? pattern : '');
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const [limit = -1, actual = -1] = numbers(text, /^must be [<>]=? (\S+) but found (\S+)$/);
      if (keyword === 'minimum') return messages.minimum(limit, actual);
      if (keyword === 'exclusiveMinimum') return messages.exclusiveMinimum(limit, actual);
      if (keyword === 'maximum') return messages.maximum(limit, actual);
      return messages.exclusiveMaximum(limit, actual);
    }
    case 'multipleOf': {
      const [actual = -1, base = -1] = numbers(text, /^(\S+) not multipleOf (\S+)$/);
      return messages.multipleOf(base, actual);
    }
    case 'maxItems': {
      const [max = -1, actual = -1] = numbers(text, /maximum (\d+) items allowed, but found (\d+) items/);
      return messages.maxItems(max, actual);
    }
    case 'minItems': {
      const [min = -1, actual = -1] = numbers(text, /minimum (\d+) items allowed, but found (\d+) items/);
      return messages.minItems(min, actual);
    }
    case 'uniqueItems': {
      const [a = -1, b = -1] = numbers(text, /items at index (\d+) and (\d+) are equal/);
      return messages.uniqueItems(a, b);
    }
    case 'type': {
      const body = text.replace(/^expected /, '');
      const cut = body.indexOf(', but got ');
      const allowed = cut === -1 ? body : body.slice(0, cut);
      const actual = cut === -1 ? '' : body.slice(cut + ', but got '.length);
      return messages.wrongType(allowed.split(' or '), actual);
    }
    case 'const':
      return text === 'const failed'
        ? messages.constGeneric()
        : messages.constValue(text.replace(/^value must be /, ''));
    case 'format': {
      const match = /"([^"]+)"\s+is not valid\s+"([^"]+)"/.exec(text);
      if (!match) return messages.validationGeneric(text);
      if (match[2] === 'email') return messages.email(match[1] ?? '');
      if (match[2] === 'tel') return messages.phone(match[1] ?? '');
      return messages.validationGeneric(text);
    }
    default:
      return messages.validationGeneric(text);
  }
}

export interface FieldMessage {
  /** Node name (`traits.email`); '' for the flow. */
  readonly field: string;
  readonly message: UiText;
}

/** `Container.ParseError` over a validation error tree: the messages and the nodes they go to. */
export function uiMessages(error: OryValidationError): FieldMessage[] {
  if (error.missing) {
    return error.missing.map((pointer) => {
      const segments = pointer.split('/');
      return {
        field: pointerToField(pointer),
        message: messages.required(segments[segments.length - 1] ?? ''),
      };
    });
  }
  if (error.causes.length === 0)
    return [{ field: pointerToField(error.instancePtr), message: translateError(error) }];
  return error.causes.flatMap(uiMessages);
}
