// The Northern Ledger's half of its syndication deal with the publisher: a short-lived token for
// each reader, signed with the secret the publisher's admin gave the Ledger (`ajel partners add`).
// It runs on the Ledger's server only; no page ever holds the secret.
import { SignJWT } from 'jose';

/** What the publisher's admin handed over: the partner id, the credential's key id and its secret. */
export interface AjelCredential {
  partner: string;
  kid: string;
  secret: string;
}

/** A token for `channels`, good for `lifetime` (`'10m'`): an HS256 JWT for Ajel (`aud: "ajel"`). */
export function mintAjelToken(credential: AjelCredential, channels: string[], lifetime: string): Promise<string> {
  return new SignJWT({ channels })
    .setProtectedHeader({ alg: 'HS256', kid: credential.kid })
    .setIssuer(credential.partner)
    .setAudience('ajel')
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(new TextEncoder().encode(credential.secret));
}
