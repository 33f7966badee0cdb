/** The identity schema of kratos-behavior.md §11.2: email + password identifier, optional name. */
export const DEFAULT_IDENTITY_SCHEMA = {
  $id: 'https://example.test/schemas/email-password.json',
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Person',
  type: 'object',
  properties: {
    traits: {
      type: 'object',
      additionalProperties: false,
      required: ['email'],
      properties: {
        email: {
          type: 'string',
          format: 'email',
          title: 'E-Mail',
          minLength: 3,
          'ory.sh/kratos': {
            credentials: { password: { identifier: true } },
            verification: { via: 'email' },
            recovery: { via: 'email' },
          },
        },
        name: {
          type: 'object',
          properties: {
            first: { type: 'string', title: 'First Name' },
            last: { type: 'string', title: 'Last Name' },
          },
        },
      },
    },
  },
} as const;
