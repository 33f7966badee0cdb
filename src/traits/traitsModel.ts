/**
 * Typed traits: the GraphQL shape of each identity schema's `traits`, read from its JSON Schema. The SDL
 * (traitsSdl.ts), the resolvers and the input conversion (traitsRuntime.ts) all come from this one model, so they
 * cannot disagree. What GraphQL cannot say (unions of types, patterns, `$ref`s) falls back to the `JSON` scalar:
 * typed where the schema is plain, never wrong.
 */ import { isRecord } from '../ory/oryError';

/** A GraphQL type for one JSON Schema node. */
export type TraitShape =
  | { kind: 'scalar'; name: 'String' | 'Int' | 'Float' | 'Boolean' | 'JSON' }
  | { kind: 'list'; of: TraitShape }
  | TraitObject;

export interface TraitObject {
  kind: 'object';
  /** The output type's name, e.g. `DefaultTraitsName`; the input type adds `Input`. */
  typeName: string;
  /** Where in the identity schema this object is, e.g. `traits.name`. */
  path: string;
  title: string | null;
  fields: TraitField[];
}

export interface TraitField {
  /** The GraphQL field name: the JSON key when it is a valid name, else a cleaned-up one. */
  name: string;
  /** The key in Ory's traits JSON. */
  key: string;
  required: boolean;
  title: string | null;
  description: string | null;
  shape: TraitShape;
}

export interface TraitsSchema {
  /** Ory's schema id (`identity.schemas[].id`). */
  id: string;
  /** The field name for this schema in the input that chooses one of several schemas. */
  inputKey: string;
  root: TraitObject;
  /** The identity schema as Ory serves it, for validating traits before they are sent. */
  jsonSchema: Record<string, unknown>;
}

export interface TraitsModel {
  schemas: TraitsSchema[];
}

/** Every object type of a shape: itself (when an object) and those nested in its fields and lists. */
export function objectTypes(shape: TraitShape): TraitObject[] {
  if (shape.kind === 'list') return objectTypes(shape.of);
  if (shape.kind !== 'object') return [];
  return [shape, ...shape.fields.flatMap((field) => objectTypes(field.shape))];
}

/** An identity schema as Ory serves it (`GET /schemas`: `{ id, schema }`). */
export interface ServedIdentitySchema {
  id: string;
  schema: Record<string, unknown>;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/** `customer-v2` → `CustomerV2`; never empty, never starting with a digit. */
export function pascalCase(value: string): string {
  const words = value.split(/[^0-9A-Za-z]+/).filter((word) => word !== '');
  const joined = words.map((word) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`).join('');
  if (joined === '') return 'Schema';
  return /^[0-9]/.test(joined) ? `Schema${joined}` : joined;
}

/** `customer-v2` → `customerV2`. */
function camelCase(value: string): string {
  const pascal = pascalCase(value);
  return `${pascal.charAt(0).toLowerCase()}${pascal.slice(1)}`;
}

/** A field name for a JSON key: the key itself when GraphQL allows it (`__` names are reserved). */
function fieldName(key: string): string {
  if (GRAPHQL_NAME.test(key) && !key.startsWith('__')) return key;
  const cleaned = key.replace(/[^_0-9A-Za-z]/g, '_').replace(/^_+/, '');
  return cleaned === '' || /^[0-9]/.test(cleaned) ? `field_${cleaned}` : cleaned;
}

/** `base`, or `base2`, `base3`... whichever is not taken yet; records the choice. */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** The one JSON type a node allows, `null` aside (`["string", "null"]` is a nullable string). */
function singleType(node: Record<string, unknown>): string | null {
  const type = node.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const kinds = type.filter((kind) => kind !== 'null');
    return kinds.length === 1 && typeof kinds[0] === 'string' ? kinds[0] : null;
  }
  if (isRecord(node.properties)) return 'object';
  return null;
}

class ModelBuilder {
  constructor(private readonly typeNames: Set<string>) {}

  shape(node: unknown, typeName: string, path: string): TraitShape {
    if (!isRecord(node) || node.$ref !== undefined || node.oneOf !== undefined || node.anyOf !== undefined) {
      return { kind: 'scalar', name: 'JSON' };
    }
    switch (singleType(node)) {
      case 'string':
        return { kind: 'scalar', name: 'String' };
      case 'integer':
        return { kind: 'scalar', name: 'Int' };
      case 'number':
        return { kind: 'scalar', name: 'Float' };
      case 'boolean':
        return { kind: 'scalar', name: 'Boolean' };
      case 'array':
        return { kind: 'list', of: this.shape(node.items, `${typeName}Item`, `${path}[]`) };
      case 'object':
        return isRecord(node.properties) && Object.keys(node.properties).length > 0
          ? this.object(node, typeName, path)
          : { kind: 'scalar', name: 'JSON' };
      default:
        return { kind: 'scalar', name: 'JSON' };
    }
  }

  object(node: Record<string, unknown>, typeName: string, path: string): TraitObject {
    const name = unique(typeName, this.typeNames);
    // The input type's name must be free too.
    this.typeNames.add(`${name}Input`);
    const properties = isRecord(node.properties) ? node.properties : {};
    const required = new Set(
      Array.isArray(node.required) ? node.required.filter((key) => typeof key === 'string') : [],
    );
    const taken = new Set<string>();
    const fields = Object.entries(properties).map(([key, property]): TraitField => {
      const details = isRecord(property) ? property : {};
      return {
        name: unique(fieldName(key), taken),
        key,
        required: required.has(key),
        title: text(details.title),
        description: text(details.description),
        shape: this.shape(property, `${name}${pascalCase(key)}`, `${path}.${key}`),
      };
    });
    return { kind: 'object', typeName: name, path, title: text(node.title), fields };
  }
}

/**
 * The model of the identity schemas Ory serves. `reservedTypeNames` are the schema's other types, which
 * generated names must avoid. A schema whose traits are not a plain object gets no typed traits.
 */
export function buildTraitsModel(
  schemas: readonly ServedIdentitySchema[],
  reservedTypeNames: Iterable<string>,
): TraitsModel {
  const builder = new ModelBuilder(new Set(reservedTypeNames));
  const inputKeys = new Set<string>();
  const model: TraitsModel = { schemas: [] };
  for (const { id, schema } of [...schemas].sort((a, b) => a.id.localeCompare(b.id))) {
    const traits = isRecord(schema.properties) ? schema.properties.traits : undefined;
    const shape = isRecord(traits) ? builder.shape(traits, `${pascalCase(id)}Traits`, 'traits') : null;
    if (shape?.kind !== 'object') continue;
    model.schemas.push({ id, inputKey: unique(camelCase(id), inputKeys), root: shape, jsonSchema: schema });
  }
  return model;
}
