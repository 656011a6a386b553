// Reading feeds as a strict reader does: every XML feed must be well-formed XML 1.0 (saxes refuses
// any character XML forbids), and a feed reader's parser (@extractus/feed-extractor) must read it.
import { get } from 'node:http';
import { extractFromJson, extractFromXml, type FeedData } from '@extractus/feed-extractor';
import { SaxesParser } from 'saxes';

export interface XmlElement {
  /** Local name, with its namespace URI. */
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses a document strictly (namespaces, well-formedness, allowed characters); throws on the first error. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.on('error', (error) => (failure ??= error));
  parser.on('opentag', (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [typeof a === 'string' ? a : a.name, typeof a === 'string' ? a : a.value]));
    const element: XmlElement = { name: tag.local ?? tag.name, uri: tag.uri ?? '', attributes, children: [], text: '' };
    stack.at(-1)?.children.push(element);
    root ??= element;
    stack.push(element);
  });
  parser.on('text', (text) => {
    if (stack.length) stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  if (failure) throw failure;
  return root!;
}

export const ATOM = 'http://www.w3.org/2005/Atom';

export function child(element: XmlElement, name: string, uri?: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name && (uri === undefined || c.uri === uri));
}

export function childrenOf(element: XmlElement, name: string, uri?: string): XmlElement[] {
  return element.children.filter((c) => c.name === name && (uri === undefined || c.uri === uri));
}

/** What a feed reader makes of a feed, in any of the three formats. */
export function readFeed(format: 'json' | 'rss' | 'atom', body: string): FeedData {
  return format === 'json' ? extractFromJson(JSON.parse(body)) : extractFromXml(body);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with exactly these headers (fetch() will not send another Host). */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    }).on('error', reject);
  });
}
