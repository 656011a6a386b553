import type { Change, ChangeType, Headline } from '../protocol.js';
import { directionOf } from './language.js';
import { checkUrl, HEADLINE_ID_PATTERN, MAX_TEXT_LENGTH } from './schema.js';

const CHANGE_TYPES = new Set<ChangeType>(['publish', 'update', 'retract', 'expire', 'evict']);
const INVISIBLE_OR_CONTROL =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b\u2060-\u2064\ufeff\u180e\u034f\u115f\u1160\u3164\uffa0\u17b4\u17b5\ufff9-\ufffb\u{E0000}-\u{E007F}]/gu;

const isIso = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/**
 * Turns a stored headline (possibly written by another system) into a safe Headline, stripping
 * what the API would have refused; undefined when it cannot be made one.
 */
export function coerceHeadline(json: string): Headline | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  if (typeof raw.id !== 'string' || !HEADLINE_ID_PATTERN.test(raw.id) || typeof raw.text !== 'string') return undefined;
  const text = [...raw.text.toWellFormed().replace(INVISIBLE_OR_CONTROL, '').trim().replace(/\s+/gu, ' ')]
    .slice(0, MAX_TEXT_LENGTH)
    .join('');
  if (!text || !isIso(raw.publishedAt)) return undefined;
  const lang = typeof raw.lang === 'string' && /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/.test(raw.lang) ? raw.lang : 'und';
  const headline: Headline = {
    id: raw.id,
    text,
    urgent: raw.urgent === true,
    lang,
    dir: raw.dir === 'rtl' || raw.dir === 'ltr' ? raw.dir : directionOf(lang),
    publishedAt: raw.publishedAt,
    updatedAt: isIso(raw.updatedAt) ? raw.updatedAt : raw.publishedAt,
    publishedBy: typeof raw.publishedBy === 'string' ? raw.publishedBy : 'unknown',
    updatedBy: typeof raw.updatedBy === 'string' ? raw.updatedBy : typeof raw.publishedBy === 'string' ? raw.publishedBy : 'unknown',
    rev: Number.isSafeInteger(raw.rev) && (raw.rev as number) > 0 ? (raw.rev as number) : 1,
  };
  if (typeof raw.url === 'string') {
    const checked = checkUrl(raw.url);
    if ('url' in checked) headline.url = checked.url;
  }
  if (isIso(raw.expiresAt)) headline.expiresAt = raw.expiresAt;
  return headline;
}

/** Builds a Change from a change-log entry's fields; undefined for an entry that makes no sense. */
export function coerceChange(channel: string, cursor: string, fields: Record<string, string>): Change | undefined {
  const type = fields.type as ChangeType;
  if (!CHANGE_TYPES.has(type) || !fields.id || !HEADLINE_ID_PATTERN.test(fields.id)) return undefined;
  const change: Change = {
    cursor,
    channel,
    type,
    id: fields.id,
    at: isIso(fields.at) ? fields.at : new Date(Number(cursor.split('-')[0])).toISOString(),
    by: fields.by || 'unknown',
  };
  if (type === 'publish' || type === 'update') {
    const headline = fields.headline === undefined ? undefined : coerceHeadline(fields.headline);
    if (!headline || headline.id !== fields.id) return undefined;
    change.headline = headline;
  }
  return change;
}
