import { HeadlineService } from './headlines/service.js';
import type { HeadlineStore } from './store/store.js';

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
};

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
