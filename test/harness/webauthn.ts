/**
 * A software WebAuthn authenticator for tests: what `navigator.credentials.create()` and `.get()` return in a
 * browser, computed with node:crypto (ES256 keys) and tiny-cbor (attestation objects, COSE keys). Attestation is
 * "none", as for passkeys and most security keys; the client data names the origin the test claims to browse.
 *
 * Kratos (go-webauthn) checks the answer against the options it issued: clientDataJSON's type, challenge and
 * origin (which must be one of the RP's configured `origins`), the rpIdHash (SHA-256 of the configured RP id),
 * the flags (UP always; UV when required; BE/BS consistent between registration and login), and the signature
 * over authenticatorData || SHA-256(clientDataJSON) with the public key registered before.
 * webauthnNodes.ts reads the options out of Kratos's UI nodes and builds the form values Kratos expects.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encodeCBOR, type CBORType } from '@levischuck/tiny-cbor';
import { z } from 'zod';

/** The origin of the test UI in test/kratos/kratos.yml (ui_url); webauthn.yml lists it in the RPs' `origins`. */
export const TEST_UI_ORIGIN = 'http://127.0.0.1:4455';

const credentialDescriptor = z.object({ type: z.literal('public-key'), id: z.string() });

/** `publicKey` of PublicKeyCredentialCreationOptions as JSON (binary fields in base64url), as Kratos sends them. */
export const creationOptionsSchema = z.object({
  challenge: z.string(),
  rp: z.object({ id: z.string().optional(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }),
  pubKeyCredParams: z.array(z.object({ type: z.literal('public-key'), alg: z.number() })),
  excludeCredentials: z.array(credentialDescriptor).optional(),
  authenticatorSelection: z
    .object({ residentKey: z.string().optional(), userVerification: z.string().optional() })
    .optional(),
});
export type CreationOptions = z.infer<typeof creationOptionsSchema>;

/** `publicKey` of PublicKeyCredentialRequestOptions as JSON, as Kratos sends them. */
export const requestOptionsSchema = z.object({
  challenge: z.string(),
  rpId: z.string().optional(),
  allowCredentials: z.array(credentialDescriptor).optional(),
  userVerification: z.string().optional(),
});
export type RequestOptions = z.infer<typeof requestOptionsSchema>;

/** What Kratos's webauthn.js puts into `webauthn_register` / `passkey_register` / `passkey_settings_register`. */
export interface RegistrationResponse {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { attestationObject: string; clientDataJSON: string };
}

/** What Kratos's webauthn.js puts into `webauthn_login` / `passkey_login`. */
export interface AssertionResponse {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { authenticatorData: string; clientDataJSON: string; signature: string; userHandle: string };
}

interface StoredCredential {
  id: Buffer;
  rpId: string;
  userHandle: Buffer;
  privateKey: KeyObject;
  discoverable: boolean;
  signCount: number;
}

export interface AuthenticatorOptions {
  /** The origin written into clientDataJSON (default TEST_UI_ORIGIN). */
  origin?: string;
  /**
   * Backup eligible and backed up (BE|BS), like a synced passkey; false (default) is a device-bound security
   * key. Kratos stores the flags at registration and refuses a login whose BE flag differs.
   */
  synced?: boolean;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
const FLAG_AT = 0x40;
const ES256 = -7;

/**
 * CTAP2 wants minimal-length CBOR with plain maps and untagged byte strings, which tiny-cbor writes. go-webauthn
 * re-encodes the COSE key to find where it ends, so the bytes must be canonical: keys are inserted in CTAP2 order
 * below.
 */
const cbor = (value: Map<string | number, CBORType>): Buffer => Buffer.from(encodeCBOR(value));

const b64url = (data: Buffer): string => data.toString('base64url');
const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();

/** The public key as a COSE_Key (RFC 9053 EC2, P-256), keys in CTAP2 canonical order: 1, 3, -1, -2, -3. */
function coseKey(privateKey: KeyObject): Buffer {
  const { x, y } = privateKey.export({ format: 'jwk' });
  if (x === undefined || y === undefined) throw new Error('not an EC key');
  const key = new Map<number, CBORType>([
    [1, 2], // kty: EC2
    [3, ES256], // alg
    [-1, 1], // crv: P-256
    [-2, Buffer.from(x, 'base64url')],
    [-3, Buffer.from(y, 'base64url')],
  ]);
  return cbor(key);
}

function clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string): Buffer {
  // The challenge comes back exactly as issued (base64url, no padding); key order as browsers write it.
  const normalized = b64url(Buffer.from(challenge, 'base64url'));
  return Buffer.from(JSON.stringify({ type, challenge: normalized, origin, crossOrigin: false }));
}

function authenticatorData(rpId: string, flags: number, signCount: number, attested?: Buffer): Buffer {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(signCount);
  return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, attested ?? Buffer.alloc(0)]);
}

export class SoftwareAuthenticator {
  readonly origin: string;
  private readonly synced: boolean;
  private readonly credentials: StoredCredential[] = [];

  constructor(options: AuthenticatorOptions = {}) {
    this.origin = options.origin ?? TEST_UI_ORIGIN;
    this.synced = options.synced ?? false;
  }

  /** The ids (base64url) of the credentials this authenticator holds, oldest first. */
  credentialIds(): string[] {
    return this.credentials.map((credential) => b64url(credential.id));
  }

  private rpIdFor(explicit: string | undefined): string {
    return explicit ?? new URL(this.origin).hostname;
  }

  private flags(userVerification: string | undefined): number {
    const verified = userVerification === 'discouraged' ? 0 : FLAG_UV;
    return FLAG_UP | verified | (this.synced ? FLAG_BE | FLAG_BS : 0);
  }

  /** navigator.credentials.create(): a new ES256 credential for the RP and user the options name. */
  create(options: CreationOptions): RegistrationResponse {
    if (!options.pubKeyCredParams.some((param) => param.alg === ES256))
      throw new Error('the RP does not accept ES256');
    const rpId = this.rpIdFor(options.rp.id);
    const excluded = new Set(options.excludeCredentials?.map((descriptor) => descriptor.id));
    if (this.credentials.some((c) => c.rpId === rpId && excluded.has(b64url(c.id)))) {
      throw new Error('InvalidStateError: this authenticator already holds an excluded credential');
    }
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const credential: StoredCredential = {
      id: randomBytes(32),
      rpId,
      userHandle: Buffer.from(options.user.id, 'base64url'),
      privateKey,
      discoverable: options.authenticatorSelection?.residentKey !== 'discouraged',
      signCount: 0,
    };
    this.credentials.push(credential);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credential.id.length);
    const aaguid = Buffer.alloc(16); // attestation "none": no model to vouch for
    const attested = Buffer.concat([aaguid, idLength, credential.id, coseKey(privateKey)]);
    const authData = authenticatorData(
      rpId,
      this.flags(options.authenticatorSelection?.userVerification) | FLAG_AT,
      credential.signCount,
      attested,
    );
    const attestationObject = cbor(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        attestationObject: b64url(attestationObject),
        clientDataJSON: b64url(clientData('webauthn.create', options.challenge, this.origin)),
      },
    };
  }

  /**
   * navigator.credentials.get(): signs the challenge with the newest credential for the RP that
   * `allowCredentials` lists or, when it lists none (a passkey login), the newest discoverable one.
   */
  get(options: RequestOptions): AssertionResponse {
    const rpId = this.rpIdFor(options.rpId);
    const allowed = new Set(options.allowCredentials?.map((descriptor) => descriptor.id));
    const candidates = this.credentials.filter(
      (c) => c.rpId === rpId && (allowed.size === 0 ? c.discoverable : allowed.has(b64url(c.id))),
    );
    const credential = candidates.at(-1);
    if (credential === undefined) throw new Error(`NotAllowedError: no credential for ${rpId}`);
    credential.signCount += 1;
    const authData = authenticatorData(rpId, this.flags(options.userVerification), credential.signCount);
    const data = clientData('webauthn.get', options.challenge, this.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(data)]), credential.privateKey); // DER
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        authenticatorData: b64url(authData),
        clientDataJSON: b64url(data),
        signature: b64url(signature),
        userHandle: b64url(credential.userHandle),
      },
    };
  }
}
