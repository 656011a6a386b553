import type { PollState, SourceView } from '../../../server/ingest/source.js';
import { KeyedApi } from './editor-api.js';

export type { PollState, SourceView };

/** A source as the API shows it: its settings and what its poller knows (last poll, last error, counts). */
export interface SourceRecord {
  source: SourceView;
  state: PollState;
}

/** What an admin sets when adding a feed source (README, "Mapping rules"). */
export interface NewFeedSource {
  channel: string;
  url: string;
  urgentPrefix?: string;
  keepPrefix: boolean;
  urgentCategories: string[];
  lang?: string;
  retractRemoved: boolean;
}

/** The feed sources API (`/api/sources`), for an admin key. */
export class SourcesApi extends KeyedApi {
  async list(): Promise<SourceRecord[]> {
    return (await this.request<{ sources: SourceRecord[] }>('GET', '/api/sources')).sources;
  }

  add(source: NewFeedSource): Promise<SourceRecord> {
    return this.request('POST', '/api/sources', { kind: 'feed', ...source });
  }

  get(id: string): Promise<SourceRecord> {
    return this.request('GET', sourcePath(id));
  }

  setPaused(id: string, paused: boolean): Promise<SourceRecord> {
    return this.request('POST', `${sourcePath(id)}/${paused ? 'pause' : 'resume'}`);
  }

  async remove(id: string): Promise<void> {
    await this.send('DELETE', sourcePath(id));
  }
}

const sourcePath = (id: string) => `/api/sources/${encodeURIComponent(id)}`;
