// Claims of the `ory-graphql-test-claims` session JWT template: Kratos' default claims plus an audience and who
// signed in, with which assurance level. `sub` is set here too, to prove Kratos keeps the identity id anyway.
local claims = std.extVar('claims');
local session = std.extVar('session');

{
  claims: {
    aud: ['ory-graphql-test'],
    email: session.identity.traits.email,
    aal: session.authenticator_assurance_level,
    sub: 'not-the-identity',
  },
}
