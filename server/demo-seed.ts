import type { Config } from './config.js';
import { HeadlineService } from './headlines/service.js';
import { secretCredential, type Partner, type PartnerCredential } from './partners/partner.js';
import type { HeadlineStore } from './store/store.js';

/** The demo's private channel: an English wire licensed to the demo partner, readable only with its token. */
export const DEMO_PRIVATE_CHANNEL = 'en-wire';

// Invented headlines, so a fresh `npm start` shows a moving ticker.
export const DEMO_HEADLINES: Record<string, Array<{ text: string; url?: string; urgent?: boolean }>> = {
  'ar-main': [
    { text: 'افتتاح معرض الكتاب الدولي بمشاركة 42 دولة و1200 دار نشر', url: 'https://example.com/culture/book-fair' },
    { text: 'البنك المركزي يبقي أسعار الفائدة دون تغيير للشهر الثالث على التوالي', url: 'https://example.com/economy/rates' },
    { text: 'منتخب الشباب يتأهل إلى نهائي كأس آسيا بعد فوزه 2-1', url: 'https://example.com/sport/youth-cup' },
    { text: 'موجة أمطار غزيرة متوقعة على المناطق الساحلية مساء الخميس' },
    { text: 'إطلاق خط قطار جديد يربط العاصمة بالمدن الشمالية خلال 90 دقيقة', url: 'https://example.com/transport/rail' },
    { text: 'عاجل: وزارة الصحة تعلن عن حملة تطعيم وطنية تبدأ الأحد', urgent: true },
  ],
  'ar-sport': [
    { text: 'النادي الأهلي يعلن التعاقد مع مدرب جديد لموسمين' },
    { text: 'انطلاق بطولة العالم للسباحة بمشاركة 180 رياضياً' },
  ],
  'en-world': [
    { text: 'Leaders meet in Geneva for climate finance talks', url: 'https://example.com/world/geneva' },
    { text: 'Markets steady as central banks hold rates', url: 'https://example.com/markets' },
    { text: 'Record crowds at the international book fair' },
    { text: 'New rail link cuts northern journey to 90 minutes' },
  ],
  [DEMO_PRIVATE_CHANNEL]: [
    { text: 'Solar desalination plant starts supplying Ras al-Nakheel', url: 'https://example.com/wire/desalination' },
    { text: 'Port operators and unions agree to resume talks on Monday', url: 'https://example.com/wire/port-talks' },
    { text: 'Grid operator brings its winter capacity auction forward by a month' },
    { text: 'Storm warning for the northern coast from Thursday evening', url: 'https://example.com/wire/storm' },
  ],
};

/** The demo's invented partner: a site on an origin of its own that syndicates the private wire. */
export const DEMO_PARTNER = { id: 'northern-ledger', name: 'The Northern Ledger', channels: [DEMO_PRIVATE_CHANNEL] };

/** What the publisher's admin hands the partner's server (never a page): who it is, which key, and the secret. */
export interface DemoPartnerCredential {
  partner: string;
  kid: string;
  secret: string;
}

/** Whether the demo is put in (`AJEL_DEMO`; `auto`: on the embedded store). */
export const demoWanted = (config: Pick<Config, 'demo' | 'redis'>) => config.demo === 'on' || (config.demo === 'auto' && !config.redis);

/** The configuration with the demo's private channel added, registered and private. */
export function withDemoChannels<T extends Pick<Config, 'channels' | 'privateChannels'>>(config: T): T {
  return {
    ...config,
    channels: [...new Set([...config.channels, DEMO_PRIVATE_CHANNEL])],
    privateChannels: [...new Set([...config.privateChannels, DEMO_PRIVATE_CHANNEL])],
  };
}

export async function seedDemoHeadlines(store: HeadlineStore, channels: string[]): Promise<void> {
  const service = new HeadlineService(store, { urgentTtlSeconds: 6 * 3600 });
  for (const channel of channels) {
    if ((await store.snapshot(channel)).headlines.length > 0) continue;
    for (const item of DEMO_HEADLINES[channel] ?? []) {
      // Distinct publish times keep the seeded order, newest last in the list above.
      await new Promise((resolve) => setTimeout(resolve, 2));
      await service.publish(channel, { text: item.text, url: item.url, urgent: item.urgent ?? false }, { name: 'demo' });
    }
  }
}

/**
 * Registers the demo partner for the private wire on `origins` (where its site is served), as an
 * admin would with `ajel partners add`, and answers its credential for the partner's server. A
 * partner left by an earlier run (on Redis) keeps its secret and is given these origins.
 */
export async function seedDemoPartner(store: HeadlineStore, origins: string[]): Promise<DemoPartnerCredential> {
  const now = new Date().toISOString();
  const before = await store.getPartner(DEMO_PARTNER.id);
  const kept = before?.credentials.find((credential): credential is PartnerCredential & { kind: 'secret' } => credential.kind === 'secret' && !credential.retiresAt);
  const credential = kept ?? secretCredential(now).credential;
  const partner: Partner = {
    ...DEMO_PARTNER,
    origins,
    status: 'active',
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
    rev: (before?.rev ?? 0) + 1,
    credentials: kept ? before!.credentials : [credential],
  };
  const outcome = before ? await store.replacePartner(partner, before.rev) : await store.createPartner(partner);
  if (outcome !== 'created' && outcome !== 'replaced') throw new Error(`could not register the demo partner (${outcome})`);
  return { partner: partner.id, kid: credential.kid, secret: credential.secret };
}
