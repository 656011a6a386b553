import type { WebhookAttempt, WebhookDeadLetter, WebhookView } from '../../server/webhooks/endpoint.js';
import type { Command } from './commands.js';
import { idArgument, recordPath, runAction, type Actions } from './actions.js';
import { CliError, EXIT } from './exit-codes.js';
import { timestamp } from './output.js';

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);

function status(webhook: WebhookView): string {
  if (!webhook.enabled) return `disabled: ${webhook.disabledReason ?? 'no reason given'}`;
  if (webhook.failures > 0) return `failing (${webhook.failures} dead letters in a row)`;
  return 'delivering';
}

function describe(webhook: WebhookView): string {
  return [
    `${webhook.id}  ${webhook.url}  ← ${webhook.channels.join(', ')}  (revision ${webhook.rev})`,
    ...(webhook.description ? [`description:  ${webhook.description}`] : []),
    `status:       ${status(webhook)}`,
    ...(webhook.failingSince ? [`failing since ${timestamp(webhook.failingSince)}`] : []),
    `added:        ${timestamp(webhook.createdAt)}`,
  ].join('\n');
}

const attemptLine = (attempt: WebhookAttempt) =>
  `${timestamp(attempt.at)}  ${attempt.eventId}  ${attempt.type.padEnd(7)} try ${attempt.attempt}  ${attempt.ok ? 'ok' : 'failed'} ${attempt.status ?? attempt.error ?? ''}  ${attempt.durationMs} ms`;
const deadLine = (letter: WebhookDeadLetter) =>
  `${timestamp(letter.failedAt)}  ${letter.eventId}  ${letter.event.type}  after ${letter.attempts} tries: ${letter.lastStatus ?? letter.lastError ?? ''}`;

const ACTIONS: Actions = {
  async list(context) {
    const { webhooks } = await context.client.webhooks<{ webhooks: WebhookView[] }>('GET');
    const human = webhooks.length === 0
      ? 'no webhook endpoints yet: ajel webhooks add --channel C https://…'
      : webhooks.map((webhook) => `${webhook.id}  ${status(webhook).padEnd(24)} ${webhook.channels.join(',').padEnd(20)} ${webhook.url}`).join('\n');
    return { human, json: { webhooks } };
  },
  async show(context) {
    const { webhook } = await context.client.webhooks<{ webhook: WebhookView }>('GET', recordPath(idArgument(context, 'webhooks', 'the webhook', 'show')));
    return { human: describe(webhook), json: { webhook } };
  },
  async add(context) {
    const url = context.positionals[1];
    if (!url || context.positionals.length > 2) throw new CliError(EXIT.usage, 'usage: ajel webhooks add --channel C[,D] URL [--description TEXT]');
    const channels = context.channel.split(',').map((channel) => channel.trim()).filter(Boolean);
    const description = str(context.values.description);
    const answer = await context.client.webhooks<{ webhook: WebhookView; secret: string }>('POST', '', { url, channels, ...(description ? { description } : {}) });
    const human = [`added ${answer.webhook.id}`, describe(answer.webhook), '', 'signing secret (shown once; verify each delivery with it):', answer.secret].join('\n');
    return { human, json: answer };
  },
  async test(context) {
    const answer = await context.client.webhooks<{ eventId: string; ok: boolean; status?: number; error?: string; durationMs: number }>('POST', recordPath(idArgument(context, 'webhooks', 'the webhook', 'test'), '/test'));
    if (!answer.ok) throw new CliError(EXIT.failed, `the endpoint did not take the ping ${answer.eventId}: ${answer.status ?? answer.error}`);
    return { human: `the endpoint took the ping ${answer.eventId} (${answer.status}, ${answer.durationMs} ms)`, json: answer };
  },
  async deliveries(context) {
    const answer = await context.client.webhooks<{ attempts: WebhookAttempt[]; deadLetters: WebhookDeadLetter[]; nextRetryAt?: string }>('GET', recordPath(idArgument(context, 'webhooks', 'the webhook', 'deliveries'), '/deliveries'));
    const human = [
      answer.attempts.length ? answer.attempts.map(attemptLine).join('\n') : 'no deliveries yet',
      ...(answer.nextRetryAt ? [`next retry: ${timestamp(answer.nextRetryAt)}`] : []),
      ...(answer.deadLetters.length ? ['', 'dead letters (ajel webhooks replay ID sends them again):', ...answer.deadLetters.map(deadLine)] : []),
    ].join('\n');
    return { human, json: answer };
  },
  async replay(context) {
    const id = idArgument(context, 'webhooks', 'the webhook', 'replay');
    const cursor = str(context.values.from);
    const answer = await context.client.webhooks<{ requeued?: number; cursor?: string }>('POST', recordPath(id, '/replay'), cursor ? { channel: context.channel, cursor } : undefined);
    const human = cursor ? `${id} sends ${context.channel}'s changes after ${cursor} again` : `${answer.requeued} dead letters queued to be sent again`;
    return { human, json: answer };
  },
  async pause(context) {
    const { webhook } = await context.client.webhooks<{ webhook: WebhookView }>('PATCH', recordPath(idArgument(context, 'webhooks', 'the webhook', 'pause')), { enabled: false });
    return { human: `paused ${webhook.id}: changes wait in the log until it is resumed`, json: { webhook } };
  },
  async resume(context) {
    const { webhook } = await context.client.webhooks<{ webhook: WebhookView }>('POST', recordPath(idArgument(context, 'webhooks', 'the webhook', 'resume'), '/enable'));
    return { human: `resumed ${webhook.id}: it delivers from where it stopped`, json: { webhook } };
  },
  async remove(context) {
    const answer = await context.client.webhooks<{ removed: string }>('DELETE', recordPath(idArgument(context, 'webhooks', 'the webhook', 'remove')));
    return { human: `removed ${answer.removed}`, json: answer };
  },
};

export const webhooks: Command = {
  usage: 'ajel webhooks list | show ID | add --channel C[,D] URL [--description TEXT] | test ID | deliveries ID | replay ID [--channel C --from CURSOR] | pause ID | resume ID | remove ID',
  summary: 'send every change of channels to your server, signed (an editor or admin key)',
  options: {
    description: { type: 'string' },
    from: { type: 'string' },
  },
  run: (context) => runAction('webhooks', ACTIONS, context),
};
