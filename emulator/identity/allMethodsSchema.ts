/**
 * An identity schema for every self-service method: the email is the password and the code
 * identifier (passwordless sign-in and the code second factor need `credentials.code`), the TOTP
 * account name, and the verification and recovery address. `npm start` uses it, and the Kratos test
 * profiles with code or TOTP load the same document (`test/kratos/*.yml`, base64-encoded).
 */
export const ALL_METHODS_IDENTITY_SCHEMA = {
  $id: 'https://example.test/schemas/email-all-methods.json',
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
            credentials: {
              password: { identifier: true },
              code: { identifier: true, via: 'email' },
              totp: { account_name: true },
            },
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
