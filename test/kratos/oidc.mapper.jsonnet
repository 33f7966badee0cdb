// Maps the test provider's OpenID claims onto the default identity schema's traits (identity.schema.json).
// A claim the provider leaves out leaves its trait out, so Kratos asks for what is missing (e.g. email).
local claims = std.extVar('claims');

{
  identity: {
    traits: {
      [if 'email' in claims then 'email' else null]: claims.email,
      name: {
        [if 'given_name' in claims then 'first' else null]: claims.given_name,
        [if 'family_name' in claims then 'last' else null]: claims.family_name,
      },
    },
    // Addresses the provider vouches for are verified in Kratos too: no verification code needed.
    verified_addresses: std.prune([
      if 'email' in claims && std.get(claims, 'email_verified', false) then { via: 'email', value: claims.email },
    ]),
  },
}
