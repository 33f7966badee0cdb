/**
 * Typed traits at run time: the resolvers of the generated types (`Identity.profile` and each traits type read
 * Ory's traits JSON, whatever its keys are called in GraphQL) and the conversion of a `profile` input back into
 * Ory's traits, checked against the identity schema (JSON Schema, with ajv) before Ory is called.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse, type DocumentNode } from 'graphql';
import { badInput } from '../errors';
import { isRecord } from '../ory/oryError';
import { PROFILE_UNION, traitsSdl } from './traitsSdl';
import { objectTypes, type TraitShape, type TraitsModel, type TraitsSchema } from './traitsModel';

/** The parent of a schema's root traits type: the traits, and which schema they follow (for the union). */
class TraitsRoot {
  constructor(
    readonly schemaId: string,
    readonly traits: Record<string, unknown>,
  ) {}
}

type FieldResolver = (parent: unknown) => unknown;
export type TraitsResolvers = Record<
  string,
  Record<string, FieldResolver | ((parent: unknown) => string | null)>
>;

export interface TraitsRuntime {
  /** The SDL to add to the schema, or `null` when there are no typed traits. */
  typeDefs: DocumentNode | null;
  resolvers: TraitsResolvers;
  /**
   * The traits of an input that has both `traits` (JSON) and `profile` (typed): exactly one must be given.
   * `field` names the input in errors (e.g. `password`). `schemaId`, when the input names the identity schema
   * too, must be the one `profile` is typed for.
   */
  traitsOf(input: TraitsInput, field: string, schemaId?: string | null): Record<string, unknown>;
  /** Like `traitsOf`, for inputs where traits are optional: neither given is `undefined`. */
  optionalTraitsOf(input: TraitsInput, field: string): Record<string, unknown> | undefined;
}

/** An input that takes traits as JSON or typed. */
export interface TraitsInput {
  traits?: Record<string, unknown> | null;
  profile?: unknown;
}

const valueOf = (parent: unknown): Record<string, unknown> =>
  parent instanceof TraitsRoot ? parent.traits : isRecord(parent) ? parent : {};

/** A GraphQL input value (GraphQL field names) as Ory's JSON (Ory's keys). */
function toJson(value: unknown, shape: TraitShape): unknown {
  if (value === null || value === undefined) return value;
  if (shape.kind === 'list')
    return Array.isArray(value) ? value.map((item) => toJson(item, shape.of)) : value;
  if (shape.kind !== 'object' || !isRecord(value)) return value;
  const json: Record<string, unknown> = {};
  for (const field of shape.fields) {
    if (value[field.name] !== undefined) json[field.key] = toJson(value[field.name], field.shape);
  }
  return json;
}

/** Validators per schema id; a schema ajv cannot compile is left to Ory to check. */
function compileValidators(schemas: readonly TraitsSchema[]): Map<string, ValidateFunction> {
  // Ory's schemas carry their own keywords (`ory.sh/kratos`) and formats Ory knows: ajv must not refuse them.
  const ajv = new Ajv({ strict: false, allErrors: false, logger: false, validateSchema: false });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const schema of schemas) {
    try {
      const { $id: _id, ...withoutId } = schema.jsonSchema;
      validators.set(schema.id, ajv.compile(withoutId));
    } catch {
      // Left to Ory: it answers with the flow and its messages.
    }
  }
  return validators;
}

export function createTraitsRuntime(model: TraitsModel): TraitsRuntime {
  const byId = new Map(model.schemas.map((schema) => [schema.id, schema]));
  const byInputKey = new Map(model.schemas.map((schema) => [schema.inputKey, schema]));
  const validators = compileValidators(model.schemas);
  const sdl = traitsSdl(model);

  const resolvers: TraitsResolvers = {};
  if (sdl !== null) {
    resolvers.Identity = {
      profile: (parent) => {
        // The parent is Ory's identity (`schema_id`, `traits`).
        if (!isRecord(parent) || typeof parent.schema_id !== 'string' || !byId.has(parent.schema_id))
          return null;
        return new TraitsRoot(parent.schema_id, isRecord(parent.traits) ? parent.traits : {});
      },
    };
    if (model.schemas.length > 1) {
      resolvers[PROFILE_UNION] = {
        __resolveType: (parent) =>
          parent instanceof TraitsRoot ? (byId.get(parent.schemaId)?.root.typeName ?? null) : null,
      };
    }
    for (const object of model.schemas.flatMap((schema) => objectTypes(schema.root))) {
      resolvers[object.typeName] = Object.fromEntries(
        object.fields.map((field) => [field.name, (parent: unknown) => valueOf(parent)[field.key]]),
      );
    }
  }

  /** The schema a `profile` input is for, and its value. */
  const chosen = (profile: unknown, field: string): { schema: TraitsSchema; value: unknown } => {
    const [only] = model.schemas;
    if (model.schemas.length === 1 && only !== undefined) return { schema: only, value: profile };
    const entries = isRecord(profile) ? Object.entries(profile).filter(([, value]) => value != null) : [];
    const [entry] = entries;
    const schema = entry === undefined ? undefined : byInputKey.get(entry[0]);
    if (entries.length !== 1 || entry === undefined || schema === undefined) {
      throw badInput('Give the traits of exactly one identity schema in `profile`.', `${field}.profile`);
    }
    return { schema, value: entry[1] };
  };

  const fromProfile = (profile: unknown, field: string, schemaId: string | null): Record<string, unknown> => {
    const { schema, value } = chosen(profile, field);
    if (schemaId !== null && schemaId !== schema.id) {
      throw badInput(
        `\`profile\` is typed for identity schema "${schema.id}", but schemaId is "${schemaId}": give \`traits\` (JSON) for that schema.`,
        `${field}.profile`,
      );
    }
    const traits = toJson(value, schema.root);
    const json = isRecord(traits) ? traits : {};
    const validate = validators.get(schema.id);
    if (validate !== undefined && !validate({ traits: json })) {
      const [error] = validate.errors ?? [];
      // Ory's JSON path (`/traits/name/first`) as the input's (`profile.name.first`).
      const where = ['profile', ...(error?.instancePath ?? '').split('/').slice(2)].join('.');
      throw badInput(
        `The traits do not follow identity schema "${schema.id}": ${where} ${error?.message ?? 'is invalid'}.`,
        `${field}.profile`,
      );
    }
    return json;
  };

  const optionalTraits = (
    input: TraitsInput,
    field: string,
    schemaId: string | null,
  ): Record<string, unknown> | undefined => {
    if (input.traits != null && input.profile != null) {
      throw badInput('Give `traits` or `profile`, not both.', field);
    }
    if (input.profile != null) return fromProfile(input.profile, field, schemaId);
    return input.traits ?? undefined;
  };

  return {
    typeDefs: sdl === null ? null : parse(sdl),
    resolvers,
    traitsOf(input, field, schemaId = null) {
      const traits = optionalTraits(input, field, schemaId);
      if (traits === undefined)
        throw badInput('Give the traits: `traits` (JSON) or `profile` (typed).', field);
      return traits;
    },
    optionalTraitsOf: (input, field) => optionalTraits(input, field, null),
  };
}
