import type { Headline, Snapshot } from '../protocol.js';

export type FeedFormat = 'json' | 'rss' | 'atom';

export const FEED_TYPES: Record<FeedFormat, string> = {
  json: 'application/feed+json; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
};

interface FeedContext {
  /** Absolute URL of this feed. */
  selfUrl: string;
  /** Absolute URL of the channel's headlines in the JSON API. */
  channelUrl: string;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xml = (value: string) => value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]);

function titleOf(snapshot: Snapshot): string {
  return `Ajel: ${snapshot.channel}`;
}

function language(headlines: Headline[]): string | undefined {
  return headlines[0]?.lang === 'und' ? undefined : headlines[0]?.lang;
}

/** Renders a channel's live headlines as JSON Feed 1.1, RSS 2.0 or Atom 1.0; text is always escaped, never markup. */
export function renderFeed(format: FeedFormat, snapshot: Snapshot, context: FeedContext): string {
  const { headlines } = snapshot;
  const updated = headlines.reduce((latest, h) => (h.updatedAt > latest ? h.updatedAt : latest), '1970-01-01T00:00:00.000Z');
  const lang = language(headlines);
  if (format === 'json') {
    return JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: titleOf(snapshot),
      feed_url: context.selfUrl,
      language: lang,
      items: headlines.map((h) => ({
        id: h.id,
        url: h.url,
        content_text: h.text,
        date_published: h.publishedAt,
        date_modified: h.updatedAt,
        language: h.lang,
        tags: h.urgent ? ['urgent'] : undefined,
        _ajel: { urgent: h.urgent, dir: h.dir, expires_at: h.expiresAt, cursor: snapshot.cursor },
      })),
    });
  }
  if (format === 'rss') {
    const items = headlines
      .map(
        (h) => `<item><guid isPermaLink="false">${xml(`${snapshot.channel}/${h.id}`)}</guid><title>${xml(h.text)}</title>` +
          `${h.url ? `<link>${xml(h.url)}</link>` : ''}<pubDate>${new Date(h.publishedAt).toUTCString()}</pubDate>` +
          `${h.urgent ? '<category>urgent</category>' : ''}</item>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>` +
      `<title>${xml(titleOf(snapshot))}</title><link>${xml(context.channelUrl)}</link>` +
      `<description>${xml(`Live headlines of ${snapshot.channel}`)}</description>` +
      `${lang ? `<language>${xml(lang)}</language>` : ''}<lastBuildDate>${new Date(updated).toUTCString()}</lastBuildDate>` +
      `<atom:link href="${xml(context.selfUrl)}" rel="self" type="application/rss+xml"/>${items}</channel></rss>\n`;
  }
  const entries = headlines
    .map(
      (h) => `<entry><id>${xml(`tag:ajel,2026:${snapshot.channel}/${h.id}`)}</id><title type="text" xml:lang="${xml(h.lang)}">${xml(h.text)}</title>` +
        `${h.url ? `<link rel="alternate" href="${xml(h.url)}"/>` : ''}<published>${h.publishedAt}</published><updated>${h.updatedAt}</updated>` +
        `<author><name>${xml(h.byline ?? titleOf(snapshot))}</name></author>${h.urgent ? '<category term="urgent"/>' : ''}</entry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"${lang ? ` xml:lang="${xml(lang)}"` : ''}>` +
    `<id>${xml(`tag:ajel,2026:${snapshot.channel}`)}</id><title>${xml(titleOf(snapshot))}</title><updated>${updated}</updated>` +
    `<link rel="self" href="${xml(context.selfUrl)}"/>${entries}</feed>\n`;
}
