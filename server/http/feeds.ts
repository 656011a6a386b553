import type { ChannelRecord, Headline, Snapshot } from '../protocol.js';
import { xmlText as x } from './xml.js';

export type FeedFormat = 'json' | 'rss' | 'atom';

/** Looked up by own entries only: `feed.__proto__` or `feed.constructor` is no format. */
export const FEED_TYPES: ReadonlyMap<string, string> = new Map<FeedFormat, string>([
  ['json', 'application/feed+json; charset=utf-8'],
  ['rss', 'application/rss+xml; charset=utf-8'],
  ['atom', 'application/atom+xml; charset=utf-8'],
]);

export function isFeedFormat(format: string): format is FeedFormat {
  return FEED_TYPES.has(format);
}

export interface FeedContext {
  /** Absolute URL of this feed. */
  selfUrl: string;
  /** The public base URL (AJEL_PUBLIC_URL or the request's origin), without a trailing slash. */
  baseUrl: string;
}

/** The publisher's site, or the Ajel server's own front page for a channel without a link. */
const siteOf = (record: ChannelRecord, context: FeedContext) => record.link ?? `${context.baseUrl}/`;

function lastUpdate(headlines: Headline[], record: ChannelRecord): string {
  const start = record.updatedAt ?? '1970-01-01T00:00:00.000Z';
  return headlines.reduce((latest, h) => (h.updatedAt > latest ? h.updatedAt : latest), start);
}

/**
 * Renders a channel's live headlines as JSON Feed 1.1, RSS 2.0 or Atom 1.0. The feed's title,
 * description, language and link come from the channel's record, never from a headline; text is
 * always text, never markup.
 */
export function renderFeed(format: FeedFormat, snapshot: Snapshot, record: ChannelRecord, context: FeedContext): string {
  if (format === 'json') return jsonFeed(snapshot, record, context);
  if (format === 'rss') return rssFeed(snapshot, record, context);
  return atomFeed(snapshot, record, context);
}

function jsonFeed({ headlines, cursor }: Snapshot, record: ChannelRecord, context: FeedContext): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: record.title,
    description: record.description,
    home_page_url: siteOf(record, context),
    feed_url: context.selfUrl,
    language: record.lang,
    authors: [{ name: record.title, url: siteOf(record, context) }],
    items: headlines.map((h) => ({
      id: h.id,
      url: h.url,
      content_text: h.text,
      date_published: h.publishedAt,
      date_modified: h.updatedAt,
      language: h.lang === 'und' ? undefined : h.lang,
      tags: h.urgent ? ['urgent'] : undefined,
      _ajel: { urgent: h.urgent, dir: h.dir, expires_at: h.expiresAt, cursor },
    })),
  });
}

function rssFeed({ headlines }: Snapshot, record: ChannelRecord, context: FeedContext): string {
  const items = headlines
    .map(
      (h) => `<item><guid isPermaLink="false">${x(`${record.channel}/${h.id}`)}</guid><title>${x(h.text)}</title>` +
        `${h.url ? `<link>${x(h.url)}</link>` : ''}<pubDate>${new Date(h.publishedAt).toUTCString()}</pubDate>` +
        `${h.urgent ? '<category>urgent</category>' : ''}</item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
    `<title>${x(record.title)}</title><link>${x(siteOf(record, context))}</link><description>${x(record.description)}</description>` +
    `<language>${x(record.lang)}</language><lastBuildDate>${new Date(lastUpdate(headlines, record)).toUTCString()}</lastBuildDate>` +
    `<atom:link href="${x(context.selfUrl)}" rel="self" type="application/rss+xml"/>${items}</channel></rss>\n`;
}

/** Every entry has `<content>` (RFC 4287 §4.1.2 asks for it, or an alternate link); its author is the byline, or the feed's. */
function atomFeed({ headlines }: Snapshot, record: ChannelRecord, context: FeedContext): string {
  const entries = headlines
    .map((h) => {
      const lang = h.lang === 'und' ? '' : ` xml:lang="${x(h.lang)}"`;
      return `<entry><id>${x(`tag:ajel,2026:${record.channel}/${h.id}`)}</id><title type="text"${lang}>${x(h.text)}</title>` +
        `${h.url ? `<link rel="alternate" href="${x(h.url)}"/>` : ''}<published>${h.publishedAt}</published><updated>${h.updatedAt}</updated>` +
        `${h.byline ? `<author><name>${x(h.byline)}</name></author>` : ''}<content type="text"${lang}>${x(h.text)}</content>` +
        `${h.urgent ? '<category term="urgent"/>' : ''}</entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${x(record.lang)}">` +
    `<id>${x(`tag:ajel,2026:${record.channel}`)}</id><title type="text">${x(record.title)}</title>` +
    `<subtitle type="text">${x(record.description)}</subtitle><updated>${lastUpdate(headlines, record)}</updated>` +
    `<author><name>${x(record.title)}</name><uri>${x(siteOf(record, context))}</uri></author>` +
    `<link rel="alternate" type="text/html" href="${x(siteOf(record, context))}"/><link rel="self" type="application/atom+xml" href="${x(context.selfUrl)}"/>` +
    `${entries}</feed>\n`;
}
