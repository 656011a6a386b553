import { MAX_SEEN_ITEMS, type PollState, type SeenItem, type Source } from '../ingest/source.js';

/** Feed sources, their poll state and the items they delivered, for the embedded store (as redis-sources.ts). */
export class MemorySources {
  private readonly sources = new Map<string, Source>();
  private readonly states = new Map<string, PollState>();
  private readonly seen = new Map<string, Map<string, SeenItem>>();

  create(source: Source): 'created' | 'exists' {
    if (this.sources.has(source.id)) return 'exists';
    this.sources.set(source.id, structuredClone(source));
    return 'created';
  }

  replace(source: Source, expectedRev: number): 'replaced' | 'conflict' | 'missing' {
    const current = this.sources.get(source.id);
    if (!current) return 'missing';
    if (current.rev !== expectedRev) return 'conflict';
    this.sources.set(source.id, structuredClone(source));
    return 'replaced';
  }

  get(id: string): Source | undefined {
    const source = this.sources.get(id);
    return source && structuredClone(source);
  }

  list(): Source[] {
    return [...this.sources.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((source) => structuredClone(source));
  }

  delete(id: string): boolean {
    this.states.delete(id);
    this.seen.delete(id);
    return this.sources.delete(id);
  }

  readState(id: string): PollState | undefined {
    const state = this.states.get(id);
    return state && structuredClone(state);
  }

  writeState(id: string, state: PollState): void {
    if (this.sources.has(id)) this.states.set(id, structuredClone(state));
  }

  readSeen(id: string): SeenItem[] {
    return [...(this.seen.get(id)?.values() ?? [])].map((item) => ({ ...item }));
  }

  recordSeen(id: string, items: SeenItem[]): void {
    if (!this.sources.has(id)) return;
    const seen = this.seen.get(id) ?? new Map<string, SeenItem>();
    this.seen.set(id, seen);
    for (const item of items) {
      seen.delete(item.key);
      seen.set(item.key, { ...item });
    }
    const excess = seen.size - MAX_SEEN_ITEMS;
    if (excess > 0) {
      const oldest = [...seen.values()].sort((a, b) => a.seenAt - b.seenAt).slice(0, excess);
      for (const item of oldest) seen.delete(item.key);
    }
  }
}
