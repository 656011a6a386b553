import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HeadlineStore } from '../../server/store/store.js';
import {
  ATTEMPTS_KEPT,
  DEAD_LETTERS_KEPT,
  MAX_WEBHOOKS,
  newWebhookId,
  newWebhookSecret,
  type WebhookAttempt,
  type WebhookDeadLetter,
  type WebhookEndpoint,
} from '../../server/webhooks/endpoint.js';

function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  const at = new Date().toISOString();
  return {
    id: newWebhookId(),
    url: 'https://hooks.example/ajel',
    channels: ['ar-main', 'en-world'],
    description: 'غرفة الأخبار',
    secret: newWebhookSecret(),
    enabled: true,
    failures: 0,
    createdAt: at,
    updatedAt: at,
    rev: 1,
    ...overrides,
  };
}

const AT = '2026-01-31T18:00:00.000Z';
const attempt = (n: number): WebhookAttempt => ({ at: AT, eventId: `msg_ar-main_${n}-0`, type: 'publish', channel: 'ar-main', attempt: 1, ok: n % 2 === 0, status: 500, durationMs: 3 });

function letter(n: number): WebhookDeadLetter {
  const change = { cursor: `${n}-0`, channel: 'ar-main', type: 'retract' as const, id: `h-${n}`, at: AT };
  return { eventId: `msg_ar-main_${n}-0`, channel: 'ar-main', event: { type: 'retract', timestamp: change.at, data: change }, attempts: 5, lastStatus: 503, failedAt: change.at };
}

/** Webhook endpoints and their bounded lists, the same in every HeadlineStore. */
export function webhooksContract(name: string, factory: () => Promise<HeadlineStore>): void {
  describe(`webhook endpoints: ${name}`, () => {
    let store: HeadlineStore;
    before(async () => {
      store = await factory();
    });
    after(() => store.close());

    it('adds an endpoint once, reads it back whole and lists it', async () => {
      const added = endpoint({ disabledReason: undefined });
      delete added.disabledReason;
      assert.equal(await store.createWebhook(added), 'created');
      assert.equal(await store.createWebhook({ ...added, url: 'https://other.example' }), 'exists');
      assert.deepEqual(await store.getWebhook(added.id), added);
      assert.ok((await store.listWebhooks()).some((listed) => listed.id === added.id && listed.url === added.url));
      assert.equal(await store.getWebhook(newWebhookId()), undefined);
    });

    it('replaces an endpoint only at the revision the writer read', async () => {
      const added = endpoint();
      await store.createWebhook(added);
      const disabled = { ...added, enabled: false, disabledReason: '5 events in a row went to the dead letters', failures: 5, rev: 2 };
      assert.equal(await store.replaceWebhook(disabled, 1), 'replaced');
      assert.equal(await store.replaceWebhook({ ...added, rev: 2 }, 1), 'conflict');
      assert.deepEqual(await store.getWebhook(added.id), disabled);
      assert.equal(await store.replaceWebhook(endpoint(), 1), 'missing');
    });

    it('removes an endpoint with its attempts, dead letters and replays', async () => {
      const added = endpoint();
      await store.createWebhook(added);
      await store.recordWebhookAttempt(added.id, attempt(1));
      await store.addWebhookDeadLetter(added.id, letter(1));
      await store.addWebhookDeadLetter(added.id, letter(2));
      await store.requeueWebhookDeadLetters(added.id);
      await store.addWebhookDeadLetter(added.id, letter(3));
      assert.equal(await store.removeWebhook(added.id), true);
      assert.equal(await store.removeWebhook(added.id), false);
      assert.equal(await store.getWebhook(added.id), undefined);
      assert.ok(!(await store.listWebhooks()).some((listed) => listed.id === added.id));
      assert.deepEqual(await store.readWebhookAttempts(added.id, 10), []);
      assert.deepEqual(await store.readWebhookDeadLetters(added.id, 10), []);
      assert.equal(await store.nextWebhookReplay(added.id), undefined);
    });

    it(`keeps the last ${ATTEMPTS_KEPT} attempts, newest first`, async () => {
      const id = newWebhookId();
      for (let n = 1; n <= ATTEMPTS_KEPT + 5; n++) await store.recordWebhookAttempt(id, attempt(n));
      const kept = await store.readWebhookAttempts(id, 1000);
      assert.equal(kept.length, ATTEMPTS_KEPT);
      assert.deepEqual(kept[0], attempt(ATTEMPTS_KEPT + 5));
      assert.equal(kept.at(-1)!.eventId, attempt(6).eventId);
      assert.deepEqual((await store.readWebhookAttempts(id, 2)).map((kept) => kept.eventId), [attempt(ATTEMPTS_KEPT + 5).eventId, attempt(ATTEMPTS_KEPT + 4).eventId]);
    });

    it(`keeps the last ${DEAD_LETTERS_KEPT} dead letters, newest first`, async () => {
      const id = newWebhookId();
      for (let n = 1; n <= DEAD_LETTERS_KEPT + 3; n++) await store.addWebhookDeadLetter(id, letter(n));
      const kept = await store.readWebhookDeadLetters(id, 5000);
      assert.equal(kept.length, DEAD_LETTERS_KEPT);
      assert.deepEqual(kept[0], letter(DEAD_LETTERS_KEPT + 3));
      assert.equal(kept.at(-1)!.eventId, letter(4).eventId);
    });

    it('moves dead letters to the replay queue oldest first, and takes each off only once, in order', async () => {
      const id = newWebhookId();
      for (const n of [1, 2, 3]) await store.addWebhookDeadLetter(id, letter(n));
      assert.equal(await store.requeueWebhookDeadLetters(id), 3);
      assert.deepEqual(await store.readWebhookDeadLetters(id, 10), [], 'the dead letters moved');
      await store.addWebhookDeadLetter(id, letter(4));
      assert.equal(await store.requeueWebhookDeadLetters(id), 1, 'a second requeue goes after the first');
      assert.equal(await store.requeueWebhookDeadLetters(id), 0);
      const sent: string[] = [];
      for (let next = await store.nextWebhookReplay(id); next; next = await store.nextWebhookReplay(id)) {
        assert.equal(await store.finishWebhookReplay(id, 'msg_some_other'), false, 'only the head is taken off');
        assert.equal(await store.finishWebhookReplay(id, next.eventId), true);
        sent.push(next.eventId);
      }
      assert.deepEqual(sent, [1, 2, 3, 4].map((n) => letter(n).eventId));
      assert.deepEqual(await store.nextWebhookReplay(id), undefined);
      assert.equal(await store.finishWebhookReplay(id, letter(4).eventId), false, 'a finished replay is not finished twice');
      assert.deepEqual((await store.nextWebhookReplay(id)), undefined);
    });

    it(`registers at most ${MAX_WEBHOOKS} endpoints`, async () => {
      const existing = (await store.listWebhooks()).length;
      const created: string[] = [];
      for (let n = existing; n < MAX_WEBHOOKS; n++) {
        const added = endpoint();
        assert.equal(await store.createWebhook(added), 'created');
        created.push(added.id);
      }
      try {
        assert.equal(await store.createWebhook(endpoint()), 'full');
      } finally {
        for (const id of created) await store.removeWebhook(id);
      }
      assert.equal(await store.createWebhook(endpoint()), 'created', 'room again once some are removed');
    });
  });
}
