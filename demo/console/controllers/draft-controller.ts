import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EXPIRY_CHOICES, type ExpiryChoice } from '../i18n/strings.js';

const STORAGE_KEY = 'ajel.console.draft';

export interface Draft {
  text: string;
  url: string;
  urgent: boolean;
  expiry: ExpiryChoice;
  /** Publish at once, or hold it until `publishAt` (a datetime-local value, the editor's own time). */
  when: 'now' | 'later';
  publishAt: string;
  /**
   * Sent as the Idempotency-Key of every publish attempt of this draft, so a retry after a lost
   * answer or a second click returns the first headline instead of publishing it again.
   */
  idempotencyKey: string;
}

/** The headline being written, kept in sessionStorage so a reload or a failed publish never loses it. */
export class DraftController implements ReactiveController {
  draft: Draft;

  constructor(private readonly host: ReactiveControllerHost) {
    this.draft = readDraft() ?? emptyDraft();
    host.addController(this);
  }

  hostConnected(): void {
    const saved = readDraft();
    if (saved) this.draft = saved;
  }

  /**
   * An edited draft is another request: it gets a new key, as the server refuses a key reused with
   * another body (`idempotency_key_reused`). Repeats of an unchanged draft keep theirs.
   */
  change(patch: Partial<Omit<Draft, 'idempotencyKey'>>): void {
    const edited = Object.entries(patch).some(([field, value]) => this.draft[field as keyof Draft] !== value);
    this.draft = { ...this.draft, ...patch, ...(edited ? { idempotencyKey: newIdempotencyKey() } : {}) };
    writeDraft(this.draft);
    this.host.requestUpdate();
  }

  /** Starts a new draft, with a new idempotency key, once the old one is published. */
  reset(): void {
    this.draft = emptyDraft();
    writeDraft(this.draft);
    this.host.requestUpdate();
  }
}

function emptyDraft(): Draft {
  return { text: '', url: '', urgent: false, expiry: 'auto', when: 'now', publishAt: '', idempotencyKey: newIdempotencyKey() };
}

/** 128 random bits; crypto.getRandomValues works on plain-http intranet hosts too, unlike randomUUID. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

function readDraft(): Draft | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Draft> | null;
    if (!saved || typeof saved.idempotencyKey !== 'string' || typeof saved.text !== 'string') return undefined;
    return {
      text: saved.text,
      url: typeof saved.url === 'string' ? saved.url : '',
      urgent: saved.urgent === true,
      expiry: EXPIRY_CHOICES.includes(saved.expiry as ExpiryChoice) ? (saved.expiry as ExpiryChoice) : 'auto',
      when: saved.when === 'later' ? 'later' : 'now',
      publishAt: typeof saved.publishAt === 'string' ? saved.publishAt : '',
      idempotencyKey: saved.idempotencyKey,
    };
  } catch {
    return undefined;
  }
}

function writeDraft(draft: Draft): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage blocked or full: the draft still lives in the page.
  }
}
