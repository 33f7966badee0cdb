/**
 * The SDL of typed traits: one output and one input type per identity schema (and per nested object), the field
 * `Identity.profile`, and a `profile` field beside every `traits` input of registration, settings and social
 * sign-in. With one identity schema `profile` has that schema's type; with several it is the union
 * `IdentityProfile` and the input `IdentityProfileInput` names the schema (`@oneOf`).
 */
import { parse, print } from 'graphql';
import {
  objectTypes,
  type TraitField,
  type TraitObject,
  type TraitShape,
  type TraitsModel,
} from './traitsModel';

/** The inputs that take traits, and so also take `profile` (self-service and administration). */
export const TRAITS_INPUTS = [
  'RegisterWithPasswordInput',
  'RegisterWithProfileInput',
  'RegisterWithCodeInput',
  'RegisterWithOidcInput',
  'RegisterWithSamlInput',
  'RegisterWithWebAuthnInput',
  'RegisterWithPasskeyInput',
  'SettingsProfileInput',
  'LoginWithOidcInput',
  'CreateIdentityInput',
  'UpdateIdentityInput',
] as const;

export const PROFILE_UNION = 'IdentityProfile';
export const PROFILE_INPUT = 'IdentityProfileInput';

const quote = (value: string): string => JSON.stringify(value);

function typeRef(shape: TraitShape, input: boolean): string {
  if (shape.kind === 'scalar') return shape.name;
  if (shape.kind === 'list') return `[${typeRef(shape.of, input)}!]`;
  return input ? `${shape.typeName}Input` : shape.typeName;
}

function fieldDescription(field: TraitField, path: string): string {
  const label = [field.title, field.description].filter((part) => part !== null).join(': ');
  return `${label === '' ? '' : `${label}. `}Ory trait \`${path}.${field.key}\`.`;
}

function objectSdl(object: TraitObject, schemaId: string, input: boolean): string {
  const title = object.title === null ? '' : ` (${object.title})`;
  const what = input ? `Typed traits input for \`${object.path}\`` : `Typed traits: \`${object.path}\``;
  const description = `${what}${title} of Ory identity schema \`${schemaId}\`, generated from its JSON Schema.`;
  const fields = object.fields.map((field) => {
    // Required traits are non-null both ways: Ory refuses identities without them.
    const type = `${typeRef(field.shape, input)}${field.required ? '!' : ''}`;
    return `  ${quote(fieldDescription(field, object.path))}\n  ${field.name}: ${type}`;
  });
  const keyword = input ? 'input' : 'type';
  return `${quote(description)}\n${keyword} ${typeRef(object, input)} {\n${fields.join('\n')}\n}`;
}

/** The SDL for `model`, or `null` when no identity schema has object traits (then nothing is added). */
export function traitsSdl(model: TraitsModel): string | null {
  const { schemas } = model;
  const [only] = schemas;
  if (only === undefined) return null;
  const parts = schemas.flatMap((schema) =>
    objectTypes(schema.root).flatMap((object) => [
      objectSdl(object, schema.id, false),
      objectSdl(object, schema.id, true),
    ]),
  );
  let output = only.root.typeName;
  let input = `${only.root.typeName}Input`;
  if (schemas.length > 1) {
    output = PROFILE_UNION;
    input = PROFILE_INPUT;
    parts.push(
      `${quote("Typed traits of any identity schema: the member is the identity's schema (`schemaId`).")}\n` +
        `union ${PROFILE_UNION} = ${schemas.map((schema) => schema.root.typeName).join(' | ')}`,
      `${quote('Typed traits for one identity schema: set the field of the schema the traits follow.')}\n` +
        `input ${PROFILE_INPUT} @oneOf {\n${schemas
          .map(
            (schema) =>
              `  ${quote(`Traits of identity schema \`${schema.id}\`.`)}\n  ${schema.inputKey}: ${schema.root.typeName}Input`,
          )
          .join('\n')}\n}`,
    );
  }
  parts.push(
    `extend type Identity {\n  ${quote(
      'Ory `traits`, typed by the identity schema they follow (`npm run schema:traits`). `null` for an identity ' +
        'whose schema the types were not generated from; `traits` always has the raw JSON.',
    )}\n  profile: ${output} @tag(name: "public")\n}`,
  );
  for (const name of TRAITS_INPUTS) {
    parts.push(
      `extend input ${name} {\n  ${quote(
        'Typed traits, instead of `traits`: checked against the identity schema before Ory is called.',
      )}\n  profile: ${input}\n}`,
    );
  }
  // Printing the parsed document checks the syntax and gives one stable layout.
  return print(parse(parts.join('\n\n')));
}
