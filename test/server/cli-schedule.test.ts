import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ajel, assertFailure } from '../harness/cli.js';
import { authHeaders, EDITOR_KEY, startNode, waitFor, type RunningNode } from '../harness/server.js';

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('ajel publish --at and ajel scheduled', () => {
  let node: RunningNode;
  let env: Record<string, string>;
  const held = async (channel: string) =>
    ((await (await fetch(`${node.url}/api/channels/${channel}/scheduled`, { headers: authHeaders() })).json()) as { scheduled: Array<{ id: string; text: string; publishAt: string; rev: number }> }).scheduled;
  const live = async (channel: string) =>
    ((await (await fetch(`${node.url}/api/channels/${channel}/headlines`, { headers: authHeaders() })).json()) as { headlines: Array<{ id: string; text: string }> }).headlines;

  before(async () => {
    node = await startNode();
    env = { AJEL_SERVER: node.url, AJEL_KEY: EDITOR_KEY };
  });
  after(() => node.close());

  it('holds a headline with --at, lists, shows, edits and cancels it', async () => {
    const at = '2026-12-30T09:00:00Z';
    const run = await ajel(['publish', '--channel', 'en-world', '--at', at, '--urgent', 'Polls', 'close', 'at', 'nine'], env);
    assert.equal(run.code, 0, run.stderr);
    const id = /^scheduled (\S+) in en-world for .+ \(URGENT\); see ajel scheduled list\n$/.exec(run.stdout)?.[1];
    assert.ok(id, run.stdout);
    assert.deepEqual((await held('en-world')).map((h) => [h.id, h.text, h.publishAt]), [[id, 'Polls close at nine', '2026-12-30T09:00:00.000Z']]);
    assert.ok(!(await live('en-world')).some((h) => h.id === id), 'not published');

    const list = await ajel(['scheduled', 'list', '-c', 'en-world'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^ID +PUBLISH AT +DUE +FLAGS +BY +TEXT\n/);
    assert.match(list.stdout, new RegExp(`${id} .* URGENT +alice +Polls close at nine\\n$`));
    const json = JSON.parse((await ajel(['scheduled', '--json', '-c', 'en-world'], env)).stdout);
    assert.deepEqual(json.scheduled.map((h: { id: string }) => h.id), [id]);

    const show = await ajel(['scheduled', 'show', id, '-c', 'en-world'], env);
    assert.match(show.stdout, /publish at +2026-12-30/);
    assert.match(show.stdout, /scheduled +.* by alice/);

    assertFailure(await ajel(['scheduled', 'edit', id, '-c', 'en-world', '--rev', '7', 'Polls close at ten'], env), 3, /conflict, HTTP 409/);
    const edit = await ajel(['scheduled', 'edit', id, '-c', 'en-world', '--rev', '1', '--at', '2026-12-30T10:00:00Z', 'Polls close at ten'], env);
    assert.equal(edit.code, 0, edit.stderr);
    assert.match(edit.stdout, new RegExp(`^edited ${id} in en-world \\(revision 2\\), to be published 2026-12-30`));
    assert.deepEqual((await held('en-world')).map((h) => [h.text, h.publishAt, h.rev]), [['Polls close at ten', '2026-12-30T10:00:00.000Z', 2]]);

    const cancel = await ajel(['scheduled', 'cancel', id, '-c', 'en-world'], env);
    assert.equal(cancel.stdout, `cancelled ${id} in en-world: it will not be published\n`);
    assert.deepEqual(await held('en-world'), []);
    assertFailure(await ajel(['scheduled', 'cancel', id, '-c', 'en-world'], env), 5, /not_found, HTTP 404/);
    assert.equal((await ajel(['scheduled', '-c', 'en-world'], env)).stdout, 'nothing scheduled in en-world\n');
  });

  it('publishes it at its time', async () => {
    const run = await ajel(['publish', '--json', '-c', 'ar-sport', '--at', inMs(1500), 'هدف في الدقيقة التسعين'], env);
    assert.equal(run.code, 0, run.stderr);
    const { id } = JSON.parse(run.stdout);
    await waitFor(async () => (await live('ar-sport')).some((h) => h.id === id), 5000, 'the scheduled headline to be published');
    assert.deepEqual(await held('ar-sport'), []);
  });

  it('refuses a bad --at, a time past or too far, and a bad action, holding nothing', async () => {
    assertFailure(await ajel(['publish', '--at', 'tomorrow', 'text'], env), 2, /--at: expected an ISO date-time/);
    assertFailure(await ajel(['publish', '--at', '2020-01-01T00:00:00Z', 'text'], env), 3, /publish_at_past, HTTP 422/);
    assertFailure(await ajel(['publish', '--at', inMs(40 * 86_400_000), 'text'], env), 3, /publish_at_too_far, HTTP 422/);
    assertFailure(await ajel(['scheduled', 'postpone', 'x'], env), 2, /unknown scheduled action "postpone"/);
    assertFailure(await ajel(['scheduled', 'edit', 'x'], env), 2, /nothing to edit/);
    assertFailure(await ajel(['scheduled', 'show'], env), 2, /ID is missing/);
    assert.deepEqual(await held('ar-main'), []);
  });
});
