import { createHash } from 'node:crypto';
import type { ChannelRecord, Change, PushAlertMessage } from '../protocol.js';
import type { PushOptions } from './sender.js';

/** One alert's sends: the message, how the push service is to treat it, and its key among the channel's alerts. */
export interface PushAlert {
  /** Names the alert's sent marks and due work: the headline and its revision, or its retraction. */
  key: string;
  message: PushAlertMessage;
  options: PushOptions;
}

/** The longest a push service is asked to hold an alert for an offline browser. */
const MAX_TTL_SECONDS = 24 * 3600;

const WITHDRAWN: Record<string, string> = { ar: 'سُحب هذا الخبر', en: 'This alert was withdrawn' };

/** RFC 8030 topics are at most 32 base64url characters. */
const topicOf = (channel: string, id: string) => createHash('sha256').update(`${channel}\n${id}`).digest('base64url').slice(0, 32);

/**
 * The alert a change of a channel with push on calls for: an urgent headline published (or made
 * urgent) is an alert, a correction of one already alerted replaces its notification, and a
 * retraction of one withdraws it. Everything else sends nothing.
 */
export function alertFor(change: Change, channel: ChannelRecord, alerted: boolean, now: number, urgentTtlSeconds: number): PushAlert | undefined {
  const base = { ajel: 1 as const, channel: channel.channel, id: change.id, tag: `ajel:${channel.channel}:${change.id}`, title: channel.title };
  const topic = topicOf(channel.channel, change.id);
  if ((change.type === 'publish' || change.type === 'update') && change.headline) {
    const headline = change.headline;
    if (!headline.urgent && !alerted) return undefined;
    const expiresAt = headline.expiresAt ? Date.parse(headline.expiresAt) : now + urgentTtlSeconds * 1000;
    const ttlSeconds = Math.min(MAX_TTL_SECONDS, Math.floor((expiresAt - now) / 1000));
    if (ttlSeconds <= 0) return undefined;
    const type = alerted ? 'correction' : 'alert';
    return {
      key: `${headline.id}.${headline.rev}`,
      message: { ...base, type, body: headline.text, url: headline.url, lang: headline.lang, dir: headline.dir, at: headline.updatedAt },
      options: { ttlSeconds, urgency: type === 'alert' ? 'high' : 'normal', topic },
    };
  }
  if (change.type === 'retract' && alerted) {
    const body = WITHDRAWN[channel.lang.split('-')[0]] ?? WITHDRAWN.en;
    return {
      key: `${change.id}.retracted`,
      message: { ...base, type: 'retraction', body, lang: channel.lang, dir: channel.dir, at: change.at },
      options: { ttlSeconds: Math.min(MAX_TTL_SECONDS, urgentTtlSeconds), urgency: 'normal', topic },
    };
  }
  return undefined;
}
