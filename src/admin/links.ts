import type { Separator } from '../reports/csv.ts';
import { href } from './format.ts';

export type Params = Record<string, string | number | boolean | undefined | null>;

/** The addresses of the editors' pages and of the API calls they link to. */
const site = (siteId: string) => `/admin/sites/${encodeURIComponent(siteId)}`;

export const links = {
  siteReport: (siteId: string, params: Params = {}) => href(site(siteId), params),
  pageReport: (siteId: string, params: Params) => href(`${site(siteId)}/page`, params),
  audit: (siteId: string, params: Params = {}) => href(`${site(siteId)}/audit`, params),
  status: (siteId: string, id: string) => `${site(siteId)}/feedback/${id}/status`,
  feedbackTheme: (siteId: string, id: string) => `${site(siteId)}/feedback/${id}/themes`,
  comments: (siteId: string, params: Params = {}) => href(`${site(siteId)}/comments`, params),
  themes: (siteId: string) => `${site(siteId)}/themes`,
  theme: (siteId: string, id: string) => `${site(siteId)}/themes/${encodeURIComponent(id)}`,
  watches: (siteId: string) => `${site(siteId)}/watches`,
  changes: (siteId: string) => `${site(siteId)}/changes`,
  change: (siteId: string, id: string) => `${site(siteId)}/changes/${id}/delete`,
  delete: (siteId: string, id: string, params: Params = {}) => href(`${site(siteId)}/feedback/${id}/delete`, params),
  /** `;` is what Excel with Norwegian settings splits on. */
  csv: (siteId: string, params: Params, sep: Separator = ';') =>
    href(`/api/v1/sites/${encodeURIComponent(siteId)}/feedback.csv`, { ...params, sep }),
  xlsx: (siteId: string, params: Params) => href(`/api/v1/sites/${encodeURIComponent(siteId)}/feedback.xlsx`, params),
  sitePrefix: site,
};

/** What the pages show of a site. */
export interface SiteRef {
  id: string;
  name: string;
}
