import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { TestRedis } from '../harness/redis.js';
import { authHeaders, EDITOR_KEY, publish, startNode, type RunningNode } from '../harness/server.js';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const hex = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** Characters refused wherever they stand, with the code the API names them by. */
const refusedCharacters: Array<[string, number[], string]> = [
  ['soft hyphen', [0x00ad], 'invisible_characters'],
  ['deprecated format characters', range(0x206a, 0x206f), 'invisible_characters'],
  ['Mongolian free variation selectors', range(0x180b, 0x180f), 'invisible_characters'],
  ['musical symbol format controls', range(0x1d173, 0x1d17a), 'invisible_characters'],
  ['Egyptian hieroglyph format controls', range(0x13430, 0x1343f), 'invisible_characters'],
  ['zero-width space, word joiner, invisible operators, BOM, Mongolian vowel separator', [0x200b, 0x2060, 0x2061, 0x2064, 0xfeff, 0x180e], 'invisible_characters'],
  ['other format controls (Arabic number sign, interlinear annotation, language tag, shorthand format)', [0x0600, 0xfff9, 0xe0001, 0x1bca0], 'invisible_characters'],
  ['Hangul fillers, combining grapheme joiner, Khmer inherent vowels', [0x3164, 0x115f, 0x1160, 0xffa0, 0x034f, 0x17b4, 0x17b5], 'invisible_characters'],
  ['noncharacters', [0xfffe, 0xffff, 0xfdd0, 0xfdef, 0x1fffe, 0x10ffff], 'noncharacters'],
  ['controls XML forbids', [0x0001, 0x0008, 0x000b, 0x001f, 0x007f, 0x0085, 0x009f], 'control_characters'],
  ['bidi embeddings, overrides and isolates', [...range(0x202a, 0x202e), ...range(0x2066, 0x2069)], 'bidi_controls'],
];

/** Texts refused as a whole: nothing visible, or a joiner or mark where it does no good. */
const refusedTexts: Array<[string, string, string]> = [
  ['only a braille blank', '\u2800', 'no_visible_text'],
  ['braille blanks and spaces', '\u2800 \u2800\u2800', 'no_visible_text'],
  ['only combining marks', '\u0651\u0652\u064b', 'no_visible_text'],
  ['a combining mark on a braille blank', '\u2800\u0301', 'no_visible_text'],
  ['a right-to-left mark first', '\u200fعاجل الآن', 'misplaced_invisible_character'],
  ['a left-to-right mark last', 'عاجل الآن\u200e', 'misplaced_invisible_character'],
  ['marks in a run', 'عاجل\u200f\u200f الآن', 'misplaced_invisible_character'],
  ['a mark next to a joiner', 'عاجل\u200c\u200f الآن', 'misplaced_invisible_character'],
  ['an Arabic letter mark between spaces', 'عاجل \u061c الآن', 'misplaced_invisible_character'],
  ['a joiner before a space', 'خبر\u200c عاجل', 'misplaced_invisible_character'],
  ['a joiner first', '\u200dعاجل', 'misplaced_invisible_character'],
  ['two joiners in a row', 'می\u200c\u200cخواهم', 'misplaced_invisible_character'],
];

/** What real newsrooms write: kept exactly. */
const accepted: Array<[string, string]> = [
  ['Persian with zero-width non-joiners', 'می\u200cخواهم بدانم؛ خانه\u200cها'],
  ['Arabic with a right-to-left mark after a Latin word', 'قال مراسل BBC\u200f: الوضع هادئ'],
  ['Arabic with an Arabic letter mark before a negative number', 'درجة الحرارة \u061c-5 مئوية'],
  ['a left-to-right mark after a product name', 'إطلاق Windows\u200e 12 اليوم'],
  ['emoji with joiners, variation selectors, a flag and a tag sequence', 'احتفال 👩\u200d💻 🏳\ufe0f\u200d🌈 🇸🇦 🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}'],
  ['Arabic with diacritics', 'عَاجِلٌ: هُدْنَةٌ'],
  ['a braille blank among visible text', 'نص\u2800مقروء'],
];

/** Sends raw bytes as the body, as a client with a broken encoder would. */
function sendRaw(url: string, method: string, path: string, body: Buffer, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${EDITOR_KEY}`, 'Content-Type': contentType, 'Content-Length': body.length },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const storeKind of ['memory', 'redis'] as const) {
  describe(`text that cannot look empty or lie, on the ${storeKind} store`, () => {
    let redis: TestRedis | undefined;
    let node: RunningNode;
    let targetId: string;

    before(async () => {
      if (storeKind === 'redis') redis = await TestRedis.start();
      node = await startNode({ redisUrl: redis?.url });
      targetId = (await publish(node.url, 'ar-main', { text: 'هدف التصحيحات' })).body.headline.id;
    });
    after(async () => {
      await node.close();
      await redis?.destroy();
    });

    const snapshot = async () => (await (await fetch(`${node.url}/api/channels/ar-main/headlines`)).json()) as any;
    const patch = async (id: string, body: unknown) => {
      const response = await fetch(`${node.url}/api/channels/ar-main/headlines/${id}`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as any };
    };

    it('refuses every invisible, control and noncharacter code point, in a publish and in a correction, storing nothing', async () => {
      const before = await snapshot();
      let tried = 0;
      for (const [name, codePoints, code] of refusedCharacters) {
        for (const cp of codePoints) {
          const text = `عاجل${String.fromCodePoint(cp)}الآن`;
          for (const [how, answer] of [['POST', await publish(node.url, 'ar-main', { text })], ['PATCH', await patch(targetId, { text })]] as const) {
            const what = `${name}, ${hex(cp)}, ${how}`;
            assert.equal(answer.status, 400, `${what}: status`);
            assert.deepEqual([answer.body.error.field, answer.body.error.code], ['text', code], what);
          }
          tried++;
        }
      }
      assert.ok(tried >= 55, `${tried} code points`);
      assert.deepEqual(await snapshot(), before, 'nothing was stored or corrected');
      // Positive control through the same paths: the same text without the character is published and corrected.
      const control = await publish(node.url, 'ar-main', { text: 'عاجل الآن' });
      assert.equal(control.status, 201);
      assert.equal((await patch(targetId, { text: 'هدف التصحيحات مرة' })).status, 200);
      assert.equal((await snapshot()).headlines.length, before.headlines.length + 1);
    });

    it('refuses text with nothing visible, and joiners or direction marks where they do no good', async () => {
      const before = await snapshot();
      for (const [name, text, code] of refusedTexts) {
        for (const [how, answer] of [['POST', await publish(node.url, 'ar-main', { text })], ['PATCH', await patch(targetId, { text })]] as const) {
          assert.equal(answer.status, 400, `${name}, ${how}: status`);
          assert.deepEqual([answer.body.error.field, answer.body.error.code], ['text', code], `${name}, ${how}`);
        }
      }
      assert.deepEqual(await snapshot(), before, 'nothing was stored or corrected');
    });

    it('accepts what Arabic, Persian and emoji need, exactly as written', async () => {
      for (const [name, text] of accepted) {
        const created = await publish(node.url, 'ar-main', { text });
        assert.equal(created.status, 201, `${name}: ${JSON.stringify(created.body.error)}`);
        assert.equal(created.body.headline.text, text, name);
        const stored = await (await fetch(`${node.url}/api/channels/ar-main/headlines/${created.body.headline.id}`)).json() as any;
        assert.equal(stored.text, text, `${name}: stored`);
      }
    });

    it('applies the same rules to links: no invisible characters, noncharacters or spaces', async () => {
      for (const url of ['https://example.com/\u00adnews', 'https://exa\u200dmple.com/', 'https://example.com/\u{1d173}', 'https://example.com/\ufffe', 'https://example.com/\u2800']) {
        const answer = await publish(node.url, 'ar-main', { text: 'خبر برابط', url });
        assert.equal(answer.status, 400, JSON.stringify(url));
        assert.equal(answer.body.error.field, 'url');
        assert.equal((await patch(targetId, { url })).body.error.field, 'url');
      }
      assert.equal((await publish(node.url, 'ar-main', { text: 'خبر برابط', url: 'https://example.com/%D8%B9' })).status, 201);
    });

    it('refuses a body that is not UTF-8 with invalid_utf8, storing nothing; valid bytes through the same path are published', async () => {
      const before = await snapshot();
      const path = '/api/channels/ar-main/headlines';
      const bodies = [
        Buffer.from([0xc3, 0x28]), // a lead byte without its continuation
        Buffer.from([0xc0, 0xaf]), // an overlong encoding of "/"
        Buffer.from([0xed, 0xa0, 0x80]), // a surrogate encoded as UTF-8 (CESU-8)
        Buffer.from([0xe2, 0x82]), // truncated
        Buffer.from([0xff]),
        Buffer.from([0xb9, 0xc7, 0xcc, 0xe4]), // "عاجل" in ISO-8859-6, sent as if it were UTF-8
      ];
      for (const bytes of bodies) {
        const body = Buffer.concat([Buffer.from('{"text":"خبر '), bytes, Buffer.from('"}')]);
        for (const [method, target] of [['POST', path], ['PATCH', `${path}/${targetId}`]]) {
          const answer = await sendRaw(node.url, method, target, body);
          assert.equal(answer.status, 400, `${method} ${bytes.toString('hex')}`);
          assert.equal(answer.body.error.code, 'invalid_utf8');
        }
      }
      const utf16 = await sendRaw(node.url, 'POST', path, Buffer.from('{"text":"خبر"}', 'utf16le'), 'application/json; charset=utf-16le');
      assert.equal(utf16.status, 415);
      assert.deepEqual(await snapshot(), before, 'nothing was stored');
      const control = await sendRaw(node.url, 'POST', path, Buffer.from('{"text":"خبر عاجل"}', 'utf8'));
      assert.equal(control.status, 201);
      assert.equal(control.body.headline.text, 'خبر عاجل');
    });

    it("derives the direction from the text's letters and refuses a dir that contradicts them", async () => {
      const arabic = await publish(node.url, 'ar-main', { text: 'عاجل: هدنة في الجنوب', lang: 'en' });
      assert.equal(arabic.body.headline.dir, 'rtl', 'the letters decide, not the stated language');
      const contradictions = [
        { text: 'Storm warning for the coast', dir: 'rtl' },
        { text: 'عاجل: هدنة في الجنوب', dir: 'ltr' },
        { text: 'قال مراسل BBC: الوضع هادئ', dir: 'ltr' },
      ];
      const before = await snapshot();
      for (const body of contradictions) {
        const answer = await publish(node.url, 'ar-main', body);
        assert.equal(answer.status, 400, body.text);
        assert.deepEqual([answer.body.error.field, answer.body.error.code], ['dir', 'dir_contradicts_text']);
      }
      const latinId = (await publish(node.url, 'en-world', { text: 'Storm warning' })).body.headline.id;
      const wrongWay = await fetch(`${node.url}/api/channels/en-world/headlines/${latinId}`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ dir: 'rtl' }) });
      assert.equal(wrongWay.status, 400);
      assert.equal(((await wrongWay.json()) as any).error.field, 'dir');
      assert.deepEqual((await snapshot()).headlines, before.headlines, 'nothing was published');
      // A dir that agrees, and one given where the letters are evenly split or absent, are kept.
      assert.equal((await publish(node.url, 'ar-main', { text: 'عاجل الآن', dir: 'rtl' })).body.headline.dir, 'rtl');
      assert.equal((await publish(node.url, 'ar-main', { text: 'CNN نقل', dir: 'ltr' })).body.headline.dir, 'ltr');
      assert.equal((await publish(node.url, 'ar-main', { text: '2026 - 1447', dir: 'rtl' })).body.headline.dir, 'rtl');
      // A correction that changes the script changes the direction with it.
      const corrected = await fetch(`${node.url}/api/channels/en-world/headlines/${latinId}`, { method: 'PATCH', headers: authHeaders(), body: JSON.stringify({ text: 'تحذير من عاصفة' }) });
      assert.equal(((await corrected.json()) as any).headline.dir, 'rtl');
    });
  });
}
