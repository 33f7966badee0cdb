import { ConfigError, loadConfig } from '../src/config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('starts with no configuration at all (embedded emulator mode)', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ ory: null, port: 4000, production: false, corsOrigins: [] });
  });

  it('uses ORY_SDK_URL for the admin API when ORY_ADMIN_URL is not set, without trailing slashes', () => {
    const config = loadConfig({ ORY_SDK_URL: 'https://project.oryapis.com/' });
    expect(config.ory).toEqual({
      publicUrl: 'https://project.oryapis.com',
      adminUrl: 'https://project.oryapis.com',
    });
  });

  it('reports every problem on a line of its own', () => {
    const lines = problems({
      PORT: 'eighty',
      ORY_SDK_URL: 'not a url',
      CORS_ORIGINS: 'https://a.test/path',
      LOG_LEVEL: 'loud',
    });
    expect(lines).toHaveLength(4);
    expect(lines.map((line) => line.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'ORY_SDK_URL', 'CORS_ORIGINS', 'LOG_LEVEL']),
    );
  });

  it('refuses production without an Ory URL (the emulator is for development only)', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^ORY_SDK_URL: .*production/),
    ]);
  });

  it('serves the demo page outside production only, and refuses DEMO=true in production', () => {
    expect(loadConfig({}).demo).toBe(true);
    expect(loadConfig({ DEMO: 'false' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ORY_SDK_URL: 'https://ory.example.com' }).demo).toBe(false);
    expect(
      problems({ NODE_ENV: 'production', ORY_SDK_URL: 'https://ory.example.com', DEMO: 'true' }),
    ).toEqual([expect.stringMatching(/^DEMO: .*development only/)]);
  });

  it('never echoes secret values in its messages', () => {
    const lines = problems({ ADMIN_TOKENS: 'short-secret-value', ROUTER_SECRET: 'tiny' });
    expect(lines.join('\n')).not.toContain('short-secret-value');
    expect(lines.join('\n')).not.toContain('tiny');
  });

  it('keeps admin tokens only as digests', () => {
    const token = 'a'.repeat(40);
    const config = loadConfig({ ADMIN_TOKENS: `${token}, ${'b'.repeat(40)}` });
    expect(config.adminTokenDigests).toHaveLength(2);
    expect(JSON.stringify(config)).not.toContain(token);
  });

  it('takes Redis and the session cache as documented, off by default', () => {
    expect(loadConfig({})).toMatchObject({
      redis: null,
      rateLimitFailMode: 'open',
      sessionCache: { ttlSeconds: 0, maxEntries: 10_000 },
    });
    const config = loadConfig({
      REDIS_URL: 'rediss://:s3cret@redis.internal:6380/2',
      RATE_LIMIT_FAIL_MODE: 'closed',
      SESSION_CACHE_TTL: '30',
    });
    expect(config).toMatchObject({
      redis: { url: 'rediss://:s3cret@redis.internal:6380/2', keyPrefix: 'ory-graphql:' },
      rateLimitFailMode: 'closed',
      sessionCache: { ttlSeconds: 30 },
    });
    const lines = problems({
      REDIS_URL: 'http://:s3cret@redis.internal',
      RATE_LIMIT_FAIL_MODE: 'sometimes',
      SESSION_CACHE_TTL: '86400',
    });
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual([
      'RATE_LIMIT_FAIL_MODE',
      'REDIS_URL',
      'SESSION_CACHE_TTL',
    ]);
    expect(lines.join('\n')).not.toContain('s3cret');
  });

  it('keeps the session cache in each process by default, in Redis on demand (and only with REDIS_URL)', () => {
    expect(loadConfig({ SESSION_CACHE_TTL: '30' }).sessionCache.store).toBe('memory');
    const redisUrl = 'redis://:s3cret@redis.internal:6379';
    expect(
      loadConfig({ REDIS_URL: redisUrl, SESSION_CACHE_TTL: '30', SESSION_CACHE_STORE: 'redis' }).sessionCache,
    ).toEqual({ ttlSeconds: 30, maxEntries: 10_000, store: 'redis' });
    expect(problems({ SESSION_CACHE_STORE: 'redis', SESSION_CACHE_TTL: '30' })).toEqual([
      'SESSION_CACHE_STORE: redis needs REDIS_URL, the Redis the replicas share',
    ]);
    expect(problems({ REDIS_URL: redisUrl, SESSION_CACHE_STORE: 'memcached' })).toEqual([
      'SESSION_CACHE_STORE: must be memory or redis',
    ]);
  });
  it("takes the embedded emulator's config-wide choices, Kratos' usual ones by default", () => {
    expect(loadConfig({}).emulator.choices).toEqual({
      loginStyle: 'unified',
      registrationStyle: 'unified',
      recoveryUse: 'code',
      verificationUse: 'code',
      code: 'passwordless',
    });
    const config = loadConfig({
      EMULATOR_LOGIN_STYLE: 'identifier_first',
      EMULATOR_REGISTRATION_STYLE: 'profile_first',
      EMULATOR_RECOVERY_USE: 'link',
      EMULATOR_VERIFICATION_USE: 'link',
      EMULATOR_CODE_USE: 'mfa',
    });
    expect(config.emulator).toEqual({
      publicPort: 4433,
      adminPort: 4434,
      choices: {
        loginStyle: 'identifier_first',
        registrationStyle: 'profile_first',
        recoveryUse: 'link',
        verificationUse: 'link',
        code: 'mfa',
      },
    });
    expect(problems({ EMULATOR_LOGIN_STYLE: 'two-step', EMULATOR_CODE_USE: 'both' })).toEqual([
      'EMULATOR_LOGIN_STYLE: must be unified or identifier_first',
      'EMULATOR_CODE_USE: must be passwordless or mfa',
    ]);
  });

  it("refuses the emulator's choices with ORY_SDK_URL: Ory's own configuration decides them", () => {
    expect(
      problems({
        ORY_SDK_URL: 'https://ory.example.com',
        EMULATOR_LOGIN_STYLE: 'identifier_first',
        EMULATOR_RECOVERY_USE: 'code',
      }),
    ).toEqual([
      expect.stringMatching(/^EMULATOR_LOGIN_STYLE: configures the embedded emulator only/),
      expect.stringMatching(/^EMULATOR_RECOVERY_USE: configures the embedded emulator only/),
    ]);
    // The ports, which choose nothing about Ory's behaviour, are ignored there as before.
    expect(
      loadConfig({ ORY_SDK_URL: 'https://ory.example.com', EMULATOR_PUBLIC_PORT: '5555' }).ory,
    ).not.toBeNull();
  });
});
