import type { Headline } from '../../server/protocol.js';
import { isCursor } from './cursor.js';
import { isHeadline } from './headline.js';

// The last state of each channel, per server, so that a reload while offline still shows the
// headlines and a reconnection resumes from the cursor instead of starting over.

const PREFIX = 'ajel-ticker:v1:';
/** Older than this, cached headlines are no longer "breaking" and are not shown. */
const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface CachedChannel {
  cursor: string;
  headlines: Headline[];
  /** The channel's label, so that a repeat visit draws the badge at its width from the start. */
  label?: string;
}

function storageKey(server: string, channel: string): string {
  return `${PREFIX}${server}|${channel}`;
}

export function readCachedChannel(server: string, channel: string): CachedChannel | undefined {
  try {
    const raw = localStorage.getItem(storageKey(server, channel));
    if (!raw) return undefined;
    const value = JSON.parse(raw) as { cursor?: unknown; headlines?: unknown; label?: unknown; savedAt?: unknown };
    if (!isCursor(value.cursor) || !Array.isArray(value.headlines) || typeof value.savedAt !== 'number') return undefined;
    if (Date.now() - value.savedAt > MAX_AGE_MS) return undefined;
    return { cursor: value.cursor, headlines: value.headlines.filter(isHeadline), label: typeof value.label === 'string' ? value.label : undefined };
  } catch {
    // Storage may be disabled (privacy settings, sandboxed frames) or hold something unreadable.
    return undefined;
  }
}

export function writeCachedChannel(server: string, channel: string, cached: CachedChannel): void {
  try {
    localStorage.setItem(storageKey(server, channel), JSON.stringify({ ...cached, savedAt: Date.now() }));
  } catch {
    // Full or disabled storage only costs the offline copy.
  }
}
