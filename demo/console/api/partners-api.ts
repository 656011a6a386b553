import type { PartnerView } from '../../../server/partners/partner.js';
import type { PartnerDayUsage } from '../../../server/store/store.js';
import { KeyedApi } from './editor-api.js';

export type { PartnerView };

/** What an admin sets when adding a partner; without `publicKey` the server issues a shared secret. */
export interface NewPartner {
  id: string;
  name: string;
  channels: string[];
  origins: string[];
  publicKey?: Record<string, string>;
}

export interface PartnerChange {
  name?: string;
  channels?: string[];
  origins?: string[];
  /** The revision the change was made from: the server answers 409 if another change came between. */
  rev?: number;
}

/** A write that issued a credential: `secret` only for a shared secret, and only in this answer. */
export interface IssuedCredential {
  partner: PartnerView;
  secret?: string;
}

/** A partner's use: its live readers now and today's totals. */
export interface PartnerUsage {
  live: number;
  today: PartnerDayUsage;
}

/** The partner admin API (`/api/partners`), for an admin key. */
export class PartnersApi extends KeyedApi {
  async list(): Promise<PartnerView[]> {
    return (await this.request<{ partners: PartnerView[] }>('GET', '/api/partners')).partners;
  }

  add(partner: NewPartner): Promise<IssuedCredential> {
    return this.request('POST', '/api/partners', partner);
  }

  async update(id: string, change: PartnerChange): Promise<PartnerView> {
    return (await this.request<{ partner: PartnerView }>('PATCH', partnerPath(id), change)).partner;
  }

  /** A new credential (a shared secret unless a public key is given); the current ones keep working for `graceSeconds`. */
  rotate(id: string, graceSeconds: number, publicKey?: Record<string, string>): Promise<IssuedCredential> {
    return this.request('POST', `${partnerPath(id)}/rotate`, { graceSeconds, ...(publicKey ? { publicKey } : {}) });
  }

  async revoke(id: string): Promise<PartnerView> {
    return (await this.request<{ partner: PartnerView }>('POST', `${partnerPath(id)}/revoke`)).partner;
  }

  async usage(id: string): Promise<PartnerUsage> {
    const answer = await this.request<{ live: number; days: PartnerDayUsage[] }>('GET', `${partnerPath(id)}/usage?days=1`);
    return { live: answer.live, today: answer.days[0] };
  }
}

const partnerPath = (id: string) => `/api/partners/${encodeURIComponent(id)}`;
