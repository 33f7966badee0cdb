/**
 * TOTP keys as Kratos makes them (`selfservice/strategy/totp/generator.go` with pquerna/otp): a
 * 160-bit secret in unpadded base32, six digits, 30-second periods, SHA-1, and the
 * `otpauth://totp/<issuer>:<account>?algorithm=SHA1&digits=6&issuer=<issuer>&period=30&secret=<secret>`
 * URL Kratos stores as the credential. Codes are checked with RFC 6238 (otpauth) and pquerna's
 * default skew of one period either side.
 */
import { Secret, TOTP } from 'otpauth';

export interface TotpKey {
  readonly secret: string;
  readonly url: string;
}

/** Percent-encodes every byte outside `keep`, like Go's `url` escaping. */
function escapeBytes(text: string, keep: RegExp): string {
  return [...Buffer.from(text, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return keep.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** `url.URL.EscapedPath` (the label). */
const escapePath = (path: string): string => escapeBytes(path, /[A-Za-z0-9\-_.~$&+,/:;=@]/);

/** pquerna's `EncodeQuery` escapes values with `url.PathEscape` (so a space is `%20`, not `+`). */
const escapeValue = (value: string): string => escapeBytes(value, /[A-Za-z0-9\-_.~$&+:=@]/);

export function newTotpKey(issuer: string, accountName: string): TotpKey {
  const secret = new Secret({ size: 20 }).base32.replace(/=+$/, '');
  const query = [
    ['algorithm', 'SHA1'],
    ['digits', '6'],
    ['issuer', issuer],
    ['period', '30'],
    ['secret', secret],
  ]
    .map(([key = '', value = '']) => `${key}=${escapeValue(value)}`)
    .join('&');
  return { secret, url: `otpauth://totp${escapePath(`/${issuer}:${accountName}`)}?${query}` };
}

/** The secret of a stored key URL ('' when the URL carries none). */
export function secretOf(keyUrl: string): string {
  try {
    return new URL(keyUrl).searchParams.get('secret') ?? '';
  } catch {
    return '';
  }
}

/** pquerna `totp.Validate`: exactly six digits, valid in the current period or the one before or after. */
export function validateTotp(secret: string, code: string, now: Date): boolean {
  if (!/^\d{6}$/.test(code) || secret === '') return false;
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null;
}
