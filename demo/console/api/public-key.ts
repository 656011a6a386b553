/** Why a pasted key cannot be sent: nothing is sent, and a private key never leaves the page. */
export type PublicKeyProblem = 'empty' | 'private_key' | 'not_a_key';

export class PublicKeyError extends Error {
  constructor(readonly problem: PublicKeyProblem) {
    super(problem);
  }
}

/** The algorithms the server accepts for a partner's own key: Ed25519 and P-256. */
const SPKI_ALGORITHMS: Array<AlgorithmIdentifier | EcKeyImportParams> = [{ name: 'Ed25519' }, { name: 'ECDSA', namedCurve: 'P-256' }];

/**
 * A partner's public key as the API takes it (a JWK of strings: kty, crv, x and, for P-256, y),
 * from a pasted JWK or PEM (`-----BEGIN PUBLIC KEY-----`). The server checks the key itself.
 */
export async function parsePublicKey(pasted: string): Promise<Record<string, string>> {
  const text = pasted.trim();
  if (!text) throw new PublicKeyError('empty');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) throw new PublicKeyError('private_key');
  const pem = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----$/.exec(text);
  return pem ? jwkOfSpki(pem[1]) : publicJwk(text);
}

function publicJwk(text: string): Record<string, string> {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new PublicKeyError('not_a_key');
  }
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw new PublicKeyError('not_a_key');
  if ('d' in jwk) throw new PublicKeyError('private_key');
  // Only the key's own fields: a JWK exported elsewhere also carries key_ops, ext, use or alg, which the API does not take.
  const picked: Record<string, string> = {};
  for (const field of ['kty', 'crv', 'x', 'y'] as const) {
    const value = (jwk as Record<string, unknown>)[field];
    if (typeof value === 'string') picked[field] = value;
  }
  if (!picked.kty || !picked.x) throw new PublicKeyError('not_a_key');
  return picked;
}

async function jwkOfSpki(base64: string): Promise<Record<string, string>> {
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = Uint8Array.from(atob(base64.replace(/\s+/g, '')), (char) => char.charCodeAt(0));
  } catch {
    throw new PublicKeyError('not_a_key');
  }
  for (const algorithm of SPKI_ALGORITHMS) {
    try {
      const key = await crypto.subtle.importKey('spki', der, algorithm, true, ['verify']);
      return publicJwk(JSON.stringify(await crypto.subtle.exportKey('jwk', key)));
    } catch {
      // Not a key of this algorithm: try the next.
    }
  }
  throw new PublicKeyError('not_a_key');
}
