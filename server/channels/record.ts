import type { ChannelRecord } from '../protocol.js';

/** A channel's record as the store keeps it; whether it is private comes from the configuration. */
export type StoredChannel = Omit<ChannelRecord, 'private'>;

/** Raised when a channel to be added is registered already; the API answers 409. */
export class ChannelExistsError extends Error {
  constructor(readonly channel: string) {
    super(`channel ${channel} exists already; change it with PATCH /api/channels/${channel}`);
  }
}
