import type { ScheduledHeadline } from '../../server/protocol.js';
import type { HeadlineFields } from './client.js';
import { changedFields, str, textArgument, type Command, type Context, type Output } from './commands.js';
import { idArgument, runAction, type Actions } from './actions.js';
import { CliError, EXIT } from './exit-codes.js';
import { table, timestamp, untilTime } from './output.js';

/** `--at ISO` as the API takes it; undefined without the flag. */
export function atArgument(values: Context['values']): string | undefined {
  const at = str(values.at);
  if (at === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(at) || Number.isNaN(Date.parse(at))) {
    throw new CliError(EXIT.usage, `--at: expected an ISO date-time such as 2026-12-05T09:00:00Z, got "${at}"`);
  }
  return new Date(at).toISOString();
}

const when = (held: ScheduledHeadline) => `${timestamp(held.publishAt)} (${untilTime(held.publishAt)})`;

function heldFlags(held: ScheduledHeadline): string {
  const parts: string[] = [];
  if (held.urgent) parts.push('URGENT');
  if (held.rev > 1) parts.push('edited');
  if (held.publishing) parts.push('publishing');
  return parts.join(', ');
}

function heldTable(list: ScheduledHeadline[]): string {
  const rows = list.map((h) => [h.id, timestamp(h.publishAt), untilTime(h.publishAt), heldFlags(h) || '-', h.scheduledBy, h.url ? `${h.text}  <${h.url}>` : h.text]);
  return table([['ID', 'PUBLISH AT', 'DUE', 'FLAGS', 'BY', 'TEXT'], ...rows]);
}

function details(h: ScheduledHeadline): string {
  return table([
    ['id', h.id],
    ['channel', h.channel],
    ['publish at', when(h)],
    ['text', h.text],
    ['url', h.url ?? '-'],
    ['urgent', h.urgent ? 'yes' : 'no'],
    ['expiry', h.expiresAt ? timestamp(h.expiresAt) : h.ttl !== undefined ? `${h.ttl} s after publishing` : '-'],
    ['scheduled', `${timestamp(h.scheduledAt)} by ${h.scheduledBy}`],
    ['revision', `${h.rev}${h.publishing ? ' (being published: no more edits)' : ''}`],
  ]);
}

const ACTIONS: Actions = {
  async list(context) {
    if (context.positionals.length > 1) throw new CliError(EXIT.usage, `unexpected argument "${context.positionals[1]}"; see ajel scheduled --help`);
    const list = await context.client.scheduledList(context.channel);
    return { human: list.length === 0 ? `nothing scheduled in ${context.channel}` : heldTable(list), json: { channel: context.channel, scheduled: list } };
  },
  async show(context) {
    const held = await context.client.scheduled(context.channel, idArgument(context, 'scheduled', "the scheduled headline's", 'show'));
    return { human: details(held), json: held };
  },
  async edit(context) {
    const { values } = context;
    const id = idArgument(context, 'scheduled', "the scheduled headline's", 'edit');
    const fields: HeadlineFields & { publishAt?: string; rev?: number } = changedFields(values);
    const text = await textArgument(context, 2, false);
    if (text !== undefined) fields.text = text;
    const publishAt = atArgument(values);
    if (publishAt !== undefined) fields.publishAt = publishAt;
    if (Object.keys(fields).length === 0) throw new CliError(EXIT.usage, 'nothing to edit: give new text, --at or a flag; see ajel scheduled --help');
    const rev = str(values.rev);
    if (rev !== undefined) {
      if (!/^[1-9]\d{0,8}$/.test(rev)) throw new CliError(EXIT.usage, `--rev: expected the revision you edit (a whole number), got "${rev}"`);
      fields.rev = Number(rev);
    }
    const held = await context.client.editScheduled(context.channel, id, fields);
    return { human: `edited ${held.id} in ${held.channel} (revision ${held.rev}), to be published ${when(held)}`, json: held };
  },
  async cancel(context) {
    const result = await context.client.cancelScheduled(context.channel, idArgument(context, 'scheduled', "the scheduled headline's", 'cancel'));
    return { human: `cancelled ${result.id} in ${result.channel}: it will not be published`, json: result };
  },
};

const command: Command = {
  usage: `ajel scheduled [list] [--channel C]
       ajel scheduled show ID
       ajel scheduled edit ID [TEXT...] [--at ISO] [--url URL | --no-url] [--urgent | --not-urgent] [--ttl 30m | --expires ISO | --no-expiry] [--rev N]
       ajel scheduled cancel ID`,
  summary: 'list, show, edit or cancel the headlines held for later (ajel publish --at)',
  options: {
    at: { type: 'string' },
    url: { type: 'string' },
    'no-url': { type: 'boolean' },
    urgent: { type: 'boolean', short: 'u' },
    'not-urgent': { type: 'boolean' },
    ttl: { type: 'string' },
    expires: { type: 'string' },
    'no-expiry': { type: 'boolean' },
    rev: { type: 'string' },
  },
  run: (context) => runAction('scheduled', ACTIONS, context, 'list'),
};

/** `ajel publish --at`: the headline is held, not published. */
async function hold(context: Context, fields: HeadlineFields & { publishAt: string }, key: string): Promise<Output> {
  const { held, replayed } = await context.client.schedule(context.channel, fields, key);
  const human = replayed
    ? `already scheduled as ${held.id} in ${held.channel} (same idempotency key); nothing new was scheduled`
    : `scheduled ${held.id} in ${held.channel} for ${when(held)}${held.urgent ? ' (URGENT)' : ''}; see ajel scheduled list`;
  return { human, json: held };
}

export const scheduled = { command, hold };
