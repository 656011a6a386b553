import { randomUUID } from 'node:crypto';
import type { ParseArgsConfig } from 'node:util';
import { parseDuration } from './args.js';
import { ApiRefusal, type AjelClient, type ChannelFields, type HeadlineFields } from './client.js';
import { CliError, EXIT } from './exit-codes.js';
import { auditTable, channelDetails, channelTable, flags, headlineTable, pushSubscribersLine } from './output.js';
import { partners } from './partners.js';
import { sources } from './sources.js';
import { webhooks } from './webhooks.js';
import { atArgument, scheduled } from './scheduled.js';

export interface Context {
  client: AjelClient;
  channel: string;
  /** Whether --channel was given (rather than defaulted). */
  channelGiven: boolean;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  readStdin: () => Promise<string>;
}

/** What a command prints: `human` by default, `json` with --json. */
export interface Output {
  human: string;
  json: unknown;
}

export interface Command {
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(context: Context): Promise<Output>;
}

export const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

/** The headline text: the arguments joined, or stdin when the only argument is "-". */
export async function textArgument(context: Context, from: number, required: boolean): Promise<string | undefined> {
  const words = context.positionals.slice(from);
  if (words.length === 1 && words[0] === '-') return (await context.readStdin()).trim();
  if (words.length === 0) {
    if (required) throw new CliError(EXIT.usage, 'the headline text is missing; see ajel publish --help');
    return undefined;
  }
  return words.join(' ');
}

function idArgument(context: Context, command: string): string {
  const id = context.positionals[0];
  if (!id) throw new CliError(EXIT.usage, `the headline ID is missing; see ajel ${command} --help`);
  return id;
}

/** What `--urgent`/`--not-urgent`, `--url`/`--no-url` and the expiry flags change of a headline (a correction, a held headline's edit). */
export function changedFields(values: Context['values']): HeadlineFields {
  const fields: HeadlineFields = { ...expiryFields(values) };
  if (values.urgent && values['not-urgent']) throw new CliError(EXIT.usage, 'give --urgent or --not-urgent, not both');
  if (values.urgent) fields.urgent = true;
  if (values['not-urgent']) fields.urgent = false;
  if (str(values.url) !== undefined && values['no-url']) throw new CliError(EXIT.usage, 'give --url or --no-url, not both');
  if (str(values.url) !== undefined) fields.url = str(values.url);
  if (values['no-url']) fields.url = null;
  if (values['no-expiry']) {
    if (fields.ttl !== undefined || fields.expiresAt !== undefined) throw new CliError(EXIT.usage, 'give --no-expiry without --ttl or --expires');
    fields.expiresAt = null;
  }
  return fields;
}

export function expiryFields(values: Context['values']): Pick<HeadlineFields, 'ttl' | 'expiresAt'> {
  const ttl = str(values.ttl);
  const expires = str(values.expires);
  if (ttl !== undefined && expires !== undefined) throw new CliError(EXIT.usage, 'give --ttl or --expires, not both');
  if (ttl !== undefined) return { ttl: parseDuration(ttl, '--ttl') };
  if (expires !== undefined) {
    if (Number.isNaN(Date.parse(expires))) throw new CliError(EXIT.usage, `--expires: expected an ISO date-time such as 2026-01-31T18:00:00Z, got "${expires}"`);
    return { expiresAt: new Date(expires).toISOString() };
  }
  return {};
}

const publish: Command = {
  usage: 'ajel publish [--channel C] [--urgent] [--url URL] [--ttl 30m | --expires ISO] [--lang TAG] [--at ISO] [--idempotency-key K] TEXT...',
  summary: 'publish a headline (TEXT "-" reads it from stdin); with --at, hold it until then',
  options: {
    at: { type: 'string' },
    urgent: { type: 'boolean', short: 'u' },
    url: { type: 'string' },
    ttl: { type: 'string' },
    expires: { type: 'string' },
    lang: { type: 'string' },
    'idempotency-key': { type: 'string' },
  },
  async run(context) {
    const { values } = context;
    const text = (await textArgument(context, 0, true))!;
    const fields: HeadlineFields = { text, urgent: values.urgent === true, ...expiryFields(values) };
    if (str(values.url) !== undefined) fields.url = str(values.url);
    if (str(values.lang) !== undefined) fields.lang = str(values.lang);
    const key = str(values['idempotency-key']) ?? `cli-${randomUUID()}`;
    const publishAt = atArgument(values);
    let result;
    try {
      if (publishAt !== undefined) return await scheduled.hold(context, { ...fields, publishAt }, key);
      result = await context.client.publish(context.channel, fields, key);
    } catch (error) {
      // Without an answer the headline may have been published: the same key makes a retry safe.
      if (error instanceof ApiRefusal && error.body.code === 'idempotency_key_reused') {
        throw new CliError(
          EXIT.refused,
          `idempotency key ${key} was already used for a different headline in ${context.channel}; this one was NOT published (idempotency_key_reused, HTTP ${error.status}): use a new --idempotency-key, or none, for a new headline`,
        );
      }
      if (error instanceof CliError && (error.code === EXIT.unreachable || error.code === EXIT.failed)) {
        throw new CliError(error.code, `${error.message}; it may or may not be published: retry with --idempotency-key ${key} to publish it at most once`);
      }
      throw error;
    }
    const h = result.headline;
    const human = result.replayed
      ? `already published as ${h.id} in ${result.channel} (same idempotency key); nothing new was published`
      : `published ${h.id} to ${result.channel}${flags(h) ? ` (${flags(h)})` : ''}`;
    return { human, json: result };
  },
};

const list: Command = {
  usage: 'ajel list [--channel C] [--stats]',
  summary: "list a channel's live headlines, newest first; --stats adds what readers saw and clicked (an editor key of the channel)",
  options: { stats: { type: 'boolean' } },
  async run(context) {
    const [snapshot, stats] = await Promise.all([context.client.list(context.channel), context.values.stats ? context.client.stats(context.channel) : undefined]);
    const listed = snapshot.headlines.length === 0 ? `no live headlines in ${snapshot.channel}` : headlineTable(snapshot.headlines, stats);
    const human = stats ? `${listed}\n${pushSubscribersLine(stats.pushSubscribers)}` : listed;
    return { human, json: stats ? { ...snapshot, stats: stats.headlines, pushSubscribers: stats.pushSubscribers } : snapshot };
  },
};

const correct: Command = {
  usage: 'ajel correct [--channel C] ID [TEXT...] [--url URL | --no-url] [--urgent | --not-urgent] [--ttl 30m | --expires ISO | --no-expiry]',
  summary: 'correct a headline: its text, link, urgency or expiry',
  options: {
    url: { type: 'string' },
    'no-url': { type: 'boolean' },
    urgent: { type: 'boolean', short: 'u' },
    'not-urgent': { type: 'boolean' },
    ttl: { type: 'string' },
    expires: { type: 'string' },
    'no-expiry': { type: 'boolean' },
  },
  async run(context) {
    const { values } = context;
    const id = idArgument(context, 'correct');
    const fields: HeadlineFields = changedFields(values);
    const text = await textArgument(context, 1, false);
    if (text !== undefined) fields.text = text;
    if (Object.keys(fields).length === 0) throw new CliError(EXIT.usage, 'nothing to correct: give new text or a flag; see ajel correct --help');
    const result = await context.client.correct(context.channel, id, fields);
    const h = result.headline;
    return { human: `corrected ${h.id} in ${result.channel} (revision ${h.rev}${flags(h) ? `, ${flags(h)}` : ''})`, json: result };
  },
};

const retract: Command = {
  usage: 'ajel retract [--channel C] ID',
  summary: "retract a headline from every reader's screen",
  options: {},
  async run(context) {
    const id = idArgument(context, 'retract');
    const result = await context.client.retract(context.channel, id);
    return { human: `retracted ${result.id} from ${result.channel}`, json: result };
  },
};

const audit: Command = {
  usage: 'ajel audit [--channel C | --all] [--limit N]',
  summary: 'show recent changes: who published, corrected or retracted what',
  options: { limit: { type: 'string', short: 'n' }, all: { type: 'boolean' } },
  async run(context) {
    const { values } = context;
    const limit = Number(str(values.limit) ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new CliError(EXIT.usage, '--limit: expected a whole number from 1 to 500');
    if (values.all && context.channelGiven) throw new CliError(EXIT.usage, 'give --channel or --all, not both');
    const entries = await context.client.audit(values.all ? undefined : context.channel, limit);
    return { human: entries.length === 0 ? 'no changes yet' : auditTable(entries), json: { entries } };
  },
};

const whoami: Command = {
  usage: 'ajel whoami',
  summary: 'show whose key this is and what it may do',
  options: {},
  async run(context) {
    const me = await context.client.whoami();
    return { human: `${me.name} (${me.role}, ${me.channels ? `channels ${me.channels.join(', ')}` : 'all channels'})`, json: me };
  },
};

/** The record's fields given as flags; `--no-link` removes the link (update only). */
function channelFields(values: Context['values'], action: 'add' | 'update'): ChannelFields {
  const fields: ChannelFields = {};
  for (const name of ['title', 'description', 'lang', 'label'] as const) if (str(values[name]) !== undefined) fields[name] = str(values[name]);
  const dir = str(values.dir);
  if (dir !== undefined) {
    if (dir !== 'rtl' && dir !== 'ltr') throw new CliError(EXIT.usage, `--dir: expected rtl or ltr, got "${dir}"`);
    fields.dir = dir;
  }
  if (str(values.link) !== undefined && values['no-link']) throw new CliError(EXIT.usage, 'give --link or --no-link, not both');
  if (str(values.link) !== undefined) fields.link = str(values.link);
  if (values['no-link']) {
    if (action === 'add') throw new CliError(EXIT.usage, '--no-link is for ajel channels update');
    fields.link = null;
  }
  return fields;
}

const CHANNEL_ACTIONS = ['list', 'show', 'add', 'update'];

const channels: Command = {
  usage: `ajel channels [list]
       ajel channels show [CHANNEL]
       ajel channels add CHANNEL [--title T] [--description D] [--lang TAG] [--dir rtl|ltr] [--link URL] [--label L]
       ajel channels update [CHANNEL] [--title T] [--description D] [--lang TAG] [--dir rtl|ltr] [--link URL | --no-link] [--label L]`,
  summary: "list the channels, show one's record, add one or change its title, language, link or label",
  options: {
    title: { type: 'string' },
    description: { type: 'string' },
    lang: { type: 'string' },
    dir: { type: 'string' },
    link: { type: 'string' },
    'no-link': { type: 'boolean' },
    label: { type: 'string' },
  },
  async run(context) {
    const [action = 'list', slug, ...extra] = context.positionals;
    if (!CHANNEL_ACTIONS.includes(action)) throw new CliError(EXIT.usage, `unknown channels action "${action}": use ${CHANNEL_ACTIONS.join(', ')}; see ajel channels --help`);
    if (extra.length > 0) throw new CliError(EXIT.usage, `unexpected argument "${extra[0]}"; see ajel channels --help`);
    const fields = channelFields(context.values, action === 'add' ? 'add' : 'update');
    const given = Object.keys(fields).length > 0;
    if ((action === 'list' || action === 'show') && given) throw new CliError(EXIT.usage, `ajel channels ${action} takes no record fields; did you mean ajel channels update?`);
    if (action === 'list') {
      if (slug !== undefined) throw new CliError(EXIT.usage, `unexpected argument "${slug}"; see ajel channels --help`);
      const records = await context.client.channels();
      return { human: records.length === 0 ? 'no channels' : channelTable(records), json: { channels: records } };
    }
    if (action === 'add' && slug === undefined) throw new CliError(EXIT.usage, 'the new channel is missing: ajel channels add CHANNEL; see ajel channels --help');
    const channel = slug ?? context.channel;
    if (action === 'show') {
      const record = await context.client.channel(channel);
      return { human: channelDetails(record), json: record };
    }
    if (action === 'add') {
      const record = await context.client.addChannel(channel, fields);
      return { human: `added channel ${record.channel} (${record.lang}, ${record.dir}): ${record.title}`, json: record };
    }
    if (!given) throw new CliError(EXIT.usage, 'nothing to update: give --title, --description, --lang, --dir, --link, --no-link or --label');
    const record = await context.client.updateChannel(channel, fields);
    return { human: `updated channel ${record.channel} (revision ${record.rev})`, json: record };
  },
};

export const COMMANDS: Record<string, Command> = { publish, list, correct, retract, audit, whoami, channels, partners, sources, webhooks, scheduled: scheduled.command };

