import type { PollState, SourceView } from '../../server/ingest/source.js';
import type { Command } from './commands.js';
import { idArgument, recordPath, runAction, type Actions } from './actions.js';
import { CliError, EXIT } from './exit-codes.js';
import { timestamp } from './output.js';

interface SourceAnswer {
  source: SourceView;
  state: PollState;
  secret?: string;
}

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

function status(answer: SourceAnswer): string {
  if (answer.source.paused) return 'paused';
  if (answer.state.failures > 0) return `failing (${answer.state.failures} in a row)`;
  return answer.state.lastSuccessAt ? 'ok' : 'not polled yet';
}

function describe({ source, state }: SourceAnswer): string {
  const { mapping } = source;
  const rules = [
    mapping.urgentPrefix ? `urgent when the title starts with "${mapping.urgentPrefix}" (${mapping.keepPrefix ? 'kept' : 'stripped'})` : undefined,
    mapping.urgentCategories.length ? `urgent in categories ${mapping.urgentCategories.join(', ')}` : undefined,
    mapping.lang ? `language ${mapping.lang} unless the feed says` : undefined,
    source.retractRemoved ? 'items that leave the feed are retracted' : undefined,
  ].filter(Boolean);
  return [
    `${source.id}  ${source.kind === 'feed' ? source.url : `push: POST /api/ingest/${source.id}`}  → ${source.channel}  (${status({ source, state })}, revision ${source.rev})`,
    `rules:        ${rules.length ? rules.join('; ') : 'none'}`,
    `last success: ${state.lastSuccessAt ? timestamp(state.lastSuccessAt) : 'never'}`,
    `last error:   ${state.lastError ? `${timestamp(state.lastError.at)}: ${state.lastError.message}` : 'none'}`,
    ...(source.kind === 'feed' && !source.paused && state.nextPollAt ? [`next poll:    ${timestamp(new Date(state.nextPollAt).toISOString())}`] : []),
    `counts:       ${state.counts.polls} polls, ${state.counts.published} published, ${state.counts.corrected} corrected, ${state.counts.retracted} retracted, ${state.counts.skipped} skipped`,
  ].join('\n');
}

const ACTIONS: Actions = {
  async list(context) {
    const { sources } = await context.client.sources<{ sources: SourceAnswer[] }>('GET');
    const human = sources.length === 0
      ? 'no sources yet: ajel sources add --channel C URL'
      : sources.map((s) => `${s.source.id.padEnd(16)} ${s.source.channel.padEnd(12)} ${status(s).padEnd(22)} ${s.source.url ?? '(push)'}`).join('\n');
    return { human, json: { sources } };
  },
  async show(context) {
    const answer = await context.client.sources<SourceAnswer>('GET', recordPath(idArgument(context, 'sources', 'the source', 'show')));
    return { human: describe(answer), json: answer };
  },
  async add(context) {
    const { values } = context;
    const url = context.positionals[1];
    const push = values.push === true;
    if (push === (url !== undefined)) {
      throw new CliError(EXIT.usage, 'usage: ajel sources add --channel C URL [--urgent-prefix P] [--keep-prefix] [--urgent-categories a,b] [--lang TAG] [--retract-removed] [--id ID], or --push instead of a URL');
    }
    const categories = str(values['urgent-categories'])?.split(',').map((item) => item.trim()).filter(Boolean);
    const answer = await context.client.sources<SourceAnswer>('POST', '', {
      channel: context.channel,
      kind: push ? 'push' : 'feed',
      ...(url !== undefined ? { url } : {}),
      ...(str(values.id) !== undefined ? { id: str(values.id) } : {}),
      ...(str(values['urgent-prefix']) !== undefined ? { urgentPrefix: str(values['urgent-prefix']) } : {}),
      ...(categories ? { urgentCategories: categories } : {}),
      ...(str(values.lang) !== undefined ? { lang: str(values.lang) } : {}),
      keepPrefix: values['keep-prefix'] === true,
      retractRemoved: values['retract-removed'] === true,
    });
    const lines = [`added ${answer.source.id}`, describe(answer)];
    if (answer.secret) lines.push('', 'signing secret (shown once; the sender signs each POST with it):', answer.secret);
    else lines.push('', `its first poll is under way: ajel sources show ${answer.source.id}`);
    return { human: lines.join('\n'), json: answer };
  },
  async pause(context) {
    const answer = await context.client.sources<SourceAnswer>('POST', recordPath(idArgument(context, 'sources', 'the source', 'pause'), '/pause'));
    return { human: `paused ${answer.source.id}: nothing more is ingested until it is resumed`, json: answer };
  },
  async resume(context) {
    const answer = await context.client.sources<SourceAnswer>('POST', recordPath(idArgument(context, 'sources', 'the source', 'resume'), '/resume'));
    return { human: `resumed ${answer.source.id}`, json: answer };
  },
  async poll(context) {
    const answer = await context.client.sources<SourceAnswer>('POST', recordPath(idArgument(context, 'sources', 'the source', 'poll'), '/poll'));
    return { human: `polling ${answer.source.id} now`, json: answer };
  },
  async remove(context) {
    const answer = await context.client.sources<{ id: string; removed: boolean }>('DELETE', recordPath(idArgument(context, 'sources', 'the source', 'remove')));
    return { human: `removed ${answer.id}: its headlines stay, nothing more is ingested`, json: answer };
  },
};

export const sources: Command = {
  usage: 'ajel sources list | show ID | add --channel C URL [--urgent-prefix P] [--keep-prefix] [--urgent-categories a,b] [--lang TAG] [--retract-removed] [--id ID] | add --channel C --push | pause ID | resume ID | poll ID | remove ID',
  summary: 'bring in feeds (RSS, Atom, JSON Feed) and signed pushes from a CMS (an admin key)',
  options: {
    'urgent-prefix': { type: 'string' },
    'keep-prefix': { type: 'boolean' },
    'urgent-categories': { type: 'string' },
    lang: { type: 'string' },
    'retract-removed': { type: 'boolean' },
    id: { type: 'string' },
    push: { type: 'boolean' },
  },
  run: (context) => runAction('sources', ACTIONS, context),
};
