import { parseFeed } from 'feedsmith';

/** One item of a feed or of a pushed body, as the ingest reads it, whatever its format. */
export interface FeedItem {
  /** Its GUID, id or link: what makes it the same item from one poll to the next. */
  key?: string;
  title?: string;
  link?: string;
  lang?: string;
  categories: string[];
  /** Marked urgent by its sender (a pushed headline); feed items are urgent by the source's mapping rules. */
  urgent?: boolean;
  /** When it was published or last updated (ms), where it says. */
  date?: number;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'json' | 'rdf';
  lang?: string;
  items: FeedItem[];
}

/** Why a body is not a feed Ajel reads; the message becomes the source's last error. */
export class FeedParseError extends Error {}

const text = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') return (value as { value: string }).value;
  return undefined;
};

function time(value: unknown): number | undefined {
  if (typeof value !== 'string' && !(value instanceof Date)) return undefined;
  const at = new Date(value).getTime();
  return Number.isFinite(at) ? at : undefined;
}

const present = (values: Array<string | undefined>) => values.filter((value): value is string => typeof value === 'string' && value.trim() !== '');

/**
 * Reads an RSS 2.0 (and RSS 1.0/RDF), Atom or JSON Feed 1.1 document with feedsmith. A body that is
 * none of them, or not well-formed, is a FeedParseError.
 */
export function parseFeedBody(body: string): ParsedFeed {
  let input: string | object = body;
  if (/^\s*[{[]/.test(body)) {
    try {
      input = JSON.parse(body) as object;
    } catch {
      throw new FeedParseError('the body looks like JSON but does not parse as JSON');
    }
  }
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(input);
  } catch (error) {
    throw new FeedParseError(`not an RSS, Atom or JSON Feed document (${(error as Error).message})`);
  }
  switch (parsed.format) {
    case 'rss': {
      const feed = parsed.feed;
      return {
        format: 'rss',
        lang: feed.language ?? feed.dc?.languages?.[0],
        items: (feed.items ?? []).map((item) => ({
          key: item.guid?.value || item.link || undefined,
          title: item.title,
          link: item.link,
          lang: item.dc?.languages?.[0],
          categories: present((item.categories ?? []).map((category) => category.name)),
          date: time(item.pubDate) ?? time(item.dc?.dates?.[0]),
        })),
      };
    }
    case 'atom': {
      const feed = parsed.feed;
      return {
        format: 'atom',
        lang: feed.xml?.lang,
        items: (feed.entries ?? []).map((entry) => {
          const link = (entry.links ?? []).find((candidate) => !candidate.rel || candidate.rel === 'alternate')?.href;
          return {
            key: entry.id || link || undefined,
            title: text(entry.title),
            link,
            lang: entry.xml?.lang,
            categories: present((entry.categories ?? []).map((category) => category.term)),
            date: time(entry.published) ?? time(entry.updated),
          };
        }),
      };
    }
    case 'json': {
      const feed = parsed.feed;
      return {
        format: 'json',
        lang: feed.language,
        items: (feed.items ?? []).map((item) => ({
          key: (item.id === undefined ? undefined : String(item.id)) || item.url || undefined,
          title: item.title ?? item.content_text,
          link: item.url,
          lang: item.language,
          categories: present(item.tags ?? []),
          date: time(item.date_published) ?? time(item.date_modified),
        })),
      };
    }
    case 'rdf': {
      const feed = parsed.feed;
      return {
        format: 'rdf',
        lang: feed.dc?.languages?.[0],
        items: (feed.items ?? []).map((item) => ({
          key: item.rdf?.about || item.link || undefined,
          title: item.title,
          link: item.link,
          lang: item.dc?.languages?.[0],
          categories: present(item.dc?.subjects ?? []),
          date: time(item.dc?.dates?.[0]),
        })),
      };
    }
  }
}
