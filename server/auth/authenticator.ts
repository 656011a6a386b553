import type { HeadlineStore } from '../store/store.js';
import { grantAllows, hashSecret, matchGrant, type KeyGrant } from './keys.js';

export interface Identity {
  name: string;
  role: 'editor' | 'partner';
  /** Channels the key is limited to; undefined for all. */
  channels?: string[];
  /** An editor's public byline, when the newsroom set one. */
  byline?: string;
}

/** Resolves a presented secret to who holds it: keys from the environment first, then keys stored in the store. */
export class Authenticator {
  constructor(
    private readonly editorKeys: KeyGrant[],
    private readonly partnerKeys: KeyGrant[],
    private readonly store: HeadlineStore,
  ) {}

  async identify(secret: string | undefined): Promise<Identity | undefined> {
    if (!secret || secret.length > 256) return undefined;
    const hash = hashSecret(secret);
    const editor = matchGrant(this.editorKeys, hash);
    if (editor) return { name: editor.name, role: 'editor', channels: editor.channels, byline: editor.byline };
    const partner = matchGrant(this.partnerKeys, hash);
    if (partner) return { name: partner.name, role: 'partner', channels: partner.channels };
    const stored = await this.store.findStoredKey(hash.toString('hex'));
    return stored && { name: stored.name, role: stored.role, channels: stored.channels, byline: stored.byline };
  }
}

export function canWrite(identity: Identity | undefined, channel: string): boolean {
  return identity?.role === 'editor' && grantAllows(identity, channel);
}

/** Public channels are open to all; private ones to editors and partners whose key covers them. */
export function canRead(identity: Identity | undefined, channel: string, privateChannels: ReadonlySet<string>): boolean {
  return !privateChannels.has(channel) || (identity !== undefined && grantAllows(identity, channel));
}
