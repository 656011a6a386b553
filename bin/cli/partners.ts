import { readFile } from 'node:fs/promises';
import type { PartnerView } from '../../server/partners/partner.js';
import type { PartnerDayUsage } from '../../server/store/store.js';

interface PartnerUsageAnswer {
  partner: string;
  live: number;
  days: PartnerDayUsage[];
}
import { parseDuration } from './args.js';
import type { Command, Context, Output } from './commands.js';
import { idArgument, recordPath, runAction, type Actions } from './actions.js';
import { CliError, EXIT } from './exit-codes.js';
import { timestamp } from './output.js';

const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);
const list = (value: string | boolean | undefined) => str(value)?.split(',').map((item) => item.trim()).filter(Boolean);

function describe(partner: PartnerView): string {
  const credentials = partner.credentials.map(
    (credential) => `  ${credential.kid}  ${credential.alg}  since ${timestamp(credential.createdAt)}${credential.retiresAt ? `, retires ${timestamp(credential.retiresAt)}` : ''}`,
  );
  return [
    `${partner.id}  ${partner.name}  (${partner.status}, revision ${partner.rev})`,
    `channels: ${partner.channels.join(', ')}`,
    `origins:  ${partner.origins.length ? partner.origins.join(', ') : '(none: its tokens work only outside browsers)'}`,
    'credentials:',
    ...credentials,
  ].join('\n');
}

/** The secret is printed once, here; the server never shows it again. */
function withSecret(body: { partner: PartnerView; secret?: string }, what: string): Output {
  const lines = [`${what} ${body.partner.id}`, describe(body.partner)];
  if (body.secret) {
    lines.push('', `secret (shown once; give it to the partner's server, never put it in a page):`, body.secret);
  }
  return { human: lines.join('\n'), json: body };
}

async function publicKey(context: Context): Promise<Record<string, string> | undefined> {
  const file = str(context.values['public-key']);
  if (file === undefined) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(EXIT.usage, `--public-key: cannot read a JWK from ${file}: ${(error as Error).message}`);
  }
}

const ACTIONS: Actions = {
  async list(context) {
    const { partners } = await context.client.partners<{ partners: PartnerView[] }>('GET');
    const human = partners.length === 0
      ? 'no partners yet'
      : partners.map((p) => `${p.id.padEnd(24)} ${p.status.padEnd(8)} ${p.channels.join(',').padEnd(24)} ${p.name}`).join('\n');
    return { human, json: { partners } };
  },
  async show(context) {
    const { partner } = await context.client.partners<{ partner: PartnerView }>('GET', recordPath(idArgument(context, 'partners', 'the partner', 'show')));
    return { human: describe(partner), json: { partner } };
  },
  async add(context) {
    const id = idArgument(context, 'partners', 'the partner', 'add');
    const name = str(context.values.name);
    const channels = list(context.values.channels);
    if (!name || !channels) throw new CliError(EXIT.usage, 'usage: ajel partners add ID --name NAME --channels C1,C2 [--origins https://a.example,https://*.b.example] [--public-key JWK-FILE]');
    const body = await context.client.partners<{ partner: PartnerView; secret?: string }>('POST', '', {
      id,
      name,
      channels,
      origins: list(context.values.origins) ?? [],
      publicKey: await publicKey(context),
    });
    return withSecret(body, 'added');
  },
  async update(context) {
    const id = idArgument(context, 'partners', 'the partner', 'update');
    const fields = { name: str(context.values.name), channels: list(context.values.channels), origins: list(context.values.origins) };
    if (Object.values(fields).every((value) => value === undefined)) throw new CliError(EXIT.usage, 'nothing to change: give --name, --channels or --origins');
    const { partner } = await context.client.partners<{ partner: PartnerView }>('PATCH', recordPath(id), fields);
    return { human: `updated ${partner.id}\n${describe(partner)}`, json: { partner } };
  },
  async rotate(context) {
    const id = idArgument(context, 'partners', 'the partner', 'rotate');
    const grace = str(context.values.grace);
    const body = await context.client.partners<{ partner: PartnerView; secret?: string }>('POST', recordPath(id, '/rotate'), {
      ...(grace !== undefined ? { graceSeconds: parseDuration(grace, '--grace') } : {}),
      publicKey: await publicKey(context),
    });
    return withSecret(body, 'rotated');
  },
  async usage(context) {
    const id = idArgument(context, 'partners', 'the partner', 'usage');
    const days = str(context.values.days) ?? '7';
    if (!/^\d{1,2}$/.test(days) || Number(days) < 1 || Number(days) > 90) throw new CliError(EXIT.usage, '--days: expected a whole number from 1 to 90');
    const body = await context.client.partners<PartnerUsageAnswer>('GET', recordPath(id, `/usage?days=${days}`));
    const rows = body.days.map((day) => `${day.day}  ${String(day.connections).padStart(9)}  ${String(day.pages).padStart(7)}  ${String(day.deliveries).padStart(12)}`);
    const human = [`${body.partner}: ${body.live} live readers now`, `day         connections    pages    headlines`, ...rows].join('\n');
    return { human, json: body };
  },
  async revoke(context) {
    const { partner } = await context.client.partners<{ partner: PartnerView }>('POST', recordPath(idArgument(context, 'partners', 'the partner', 'revoke'), '/revoke'));
    return { human: `revoked ${partner.id}: its tokens are refused and its live readers cut off`, json: { partner } };
  },
};

export const partners: Command = {
  usage: 'ajel partners list | show ID | add ID --name N --channels C,.. [--origins O,..] [--public-key F] | update ID [--name] [--channels] [--origins] | rotate ID [--grace 1d] [--public-key F] | revoke ID | usage ID [--days 7]',
  summary: 'manage syndication partners (an admin key)',
  options: {
    name: { type: 'string' },
    channels: { type: 'string' },
    origins: { type: 'string' },
    'public-key': { type: 'string' },
    grace: { type: 'string' },
    days: { type: 'string' },
  },
  run: (context) => runAction('partners', ACTIONS, context),
};
