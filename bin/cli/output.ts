import type { AuditEntry, ChannelRecord, Headline, StatsList } from '../../server/protocol.js';

/** "14:05", in the machine's time zone. */
export function clock(iso: string): string {
  return new Date(iso).toTimeString().slice(0, 5);
}

/** "2026-01-31 14:05:09", in the machine's time zone. */
export function timestamp(iso: string): string {
  const date = new Date(iso);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clock(iso)}:${pad(date.getSeconds())}`;
}

/** "in 12m", "in 3h", "in 2d"; "now" once due. */
export function untilTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 60) return `in ${seconds}s`;
  if (seconds < 3600) return `in ${Math.round(seconds / 60)}m`;
  if (seconds < 86400) return `in ${Math.round(seconds / 3600)}h`;
  return `in ${Math.round(seconds / 86400)}d`;
}

/** What a headline is besides its text: "URGENT, corrected, expires in 29m". */
export function flags(headline: Headline): string {
  const parts: string[] = [];
  if (headline.urgent) parts.push('URGENT');
  if (headline.rev > 1) parts.push('corrected');
  if (headline.expiresAt) parts.push(`expires ${untilTime(headline.expiresAt)}`);
  return parts.join(', ');
}

/** Lays rows out in columns; the last column is left unpadded. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => [...row[column]].length)));
  return rows
    .map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell + ' '.repeat(widths[column] - [...cell].length))).join('  '))
    .join('\n');
}

/** With `stats`, the readers' counts too: seen, clicked and the click rate (`-` before anyone saw it). */
export function headlineTable(headlines: Headline[], stats?: StatsList): string {
  const byId = new Map(stats?.headlines.map((s) => [s.id, s]));
  const rows = headlines.map((h) => {
    const text = h.url ? `${h.text}  <${h.url}>` : h.text;
    if (!stats) return [h.id, clock(h.publishedAt), flags(h) || '-', text];
    const s = byId.get(h.id);
    const rate = s?.rate == null ? '-' : `${(s.rate * 100).toFixed(1)}%`;
    return [h.id, clock(h.publishedAt), flags(h) || '-', String(s?.seen ?? 0), String(s?.clicked ?? 0), rate, text];
  });
  const header = stats ? ['ID', 'TIME', 'FLAGS', 'SEEN', 'CLICKED', 'RATE', 'TEXT'] : ['ID', 'TIME', 'FLAGS', 'TEXT'];
  return table([header, ...rows]);
}

export function pushSubscribersLine(subscribers: number): string {
  return `${subscribers} ${subscribers === 1 ? 'reader gets' : 'readers get'} its urgent alerts by Web Push`;
}

export function auditTable(entries: AuditEntry[]): string {
  const rows = entries.map((e) => [timestamp(e.at), e.actor, e.action, e.channel, e.id, e.text ?? '']);
  return table([['TIME', 'ACTOR', 'ACTION', 'CHANNEL', 'ID', 'TEXT'], ...rows]);
}

export function channelTable(channels: ChannelRecord[]): string {
  const rows = channels.map((c) => [c.channel, `${c.lang} ${c.dir}`, c.label, c.private ? `${c.title} (private)` : c.title]);
  return table([['CHANNEL', 'LANGUAGE', 'LABEL', 'TITLE'], ...rows]);
}

/** One field a line: what `ajel channels show` prints. */
export function channelDetails(c: ChannelRecord): string {
  const changed = c.rev === 0 ? '0 (the defaults: nobody has described it yet)' : `${c.rev}${c.updatedAt ? `, ${timestamp(c.updatedAt)}` : ''}${c.updatedBy ? ` by ${c.updatedBy}` : ''}`;
  return table([
    ['channel', c.channel],
    ['title', c.title],
    ['description', c.description],
    ['language', `${c.lang} (${c.dir})`],
    ['link', c.link ?? '-'],
    ['label', c.label],
    ['private', c.private ? 'yes' : 'no'],
    ['revision', changed],
  ]);
}
