/**
 * Password hashing with node's scrypt. The cost is deliberately low (N=2^10, r=8, p=1, 32-byte key,
 * 16-byte random salt) because this is a development emulator: hashing stays in the low
 * milliseconds so test suites stay fast. Hashes are PHC-style strings:
 * `$scrypt$ln=10,r=8,p=1$<salt b64>$<key b64>`. Clear-text passwords are never stored or logged.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const LOG_N = 10;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, { N: 2 ** LOG_N, r: BLOCK_SIZE, p: PARALLELISM }, KEY_LENGTH);
  return `$scrypt$ln=${LOG_N},r=${BLOCK_SIZE},p=${PARALLELISM}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  readonly logN: number;
  readonly r: number;
  readonly p: number;
  readonly salt: Buffer;
  readonly key: Buffer;
}

const HASH_PATTERN = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function parseHash(encoded: string): ParsedHash | undefined {
  const match = HASH_PATTERN.exec(encoded);
  if (!match) return undefined;
  const [, logN = '', r = '', p = '', salt = '', key = ''] = match;
  return {
    logN: Number(logN),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64url'),
    key: Buffer.from(key, 'base64url'),
  };
}

/** Whether an imported `hashed_password` is in the one format the emulator can verify. */
export function isSupportedHash(encoded: string): boolean {
  const parsed = parseHash(encoded);
  return parsed !== undefined && parsed.logN >= 1 && parsed.logN <= 20 && parsed.key.length >= 16;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parseHash(encoded);
  if (!parsed || !isSupportedHash(encoded)) return false;
  const key = await derive(
    password,
    parsed.salt,
    { N: 2 ** parsed.logN, r: parsed.r, p: parsed.p },
    parsed.key.length,
  );
  return timingSafeEqual(key, parsed.key);
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same time as a real verification for unknown identifiers, so response times do not
 * reveal which accounts exist (Kratos sleeps for the expected hash duration instead).
 */
export async function dummyVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('ory-emulator-dummy-password');
  await verifyPassword(password, await dummyHash);
}
