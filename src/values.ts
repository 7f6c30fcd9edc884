import { type ZodError, z } from 'zod';
import type { FieldError } from './errors.ts';

/**
 * The domain's values, each defined once: what a site id, a feedback id, an e-mail address, a triage status, a
 * language, a role and a yes/no look like. Requests, the CLI and the stores all check them here.
 */

/** The languages fantdu speaks. */
export const langs = ['nb', 'nn', 'en'] as const;
export type Lang = (typeof langs)[number];
export const lang = z
  .enum(langs, 'must be nb, nn or en')
  .meta({ description: 'Bokmål (nb), nynorsk (nn) or English (en).' });
/** The locale each language writes dates and numbers in. */
export const locales: Record<Lang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };
/** A language a request names, or bokmål. */
export const langOr = (value: unknown, fallback: Lang = 'nb'): Lang =>
  langs.includes(value as Lang) ? (value as Lang) : fallback;

// Without the i flag, so that the pattern means the same in the API's description (JSON Schema has no flags).
const uuidPattern = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && uuidPattern.test(value);
/** A UUID as written (answers carry them in lower case). */
export const uuidText = z
  .string()
  .regex(uuidPattern, 'must be a UUID')
  .meta({ format: 'uuid', examples: ['3f2c8a4e-5b1d-4c7e-9a0f-6d2e8b1c4a57'] });
/** A feedback id: a UUID, in lower case. */
export const uuid = uuidText.transform((s) => s.toLowerCase());

export const siteIdPattern = /^[a-z0-9-]{1,64}$/;
export const siteId = z
  .string()
  .regex(siteIdPattern, 'must be a site id: a-z, 0-9 and -, at most 64 characters')
  .meta({ description: 'A site id, as `npx fantdu site add` made it.', examples: ['sandnes'] });

export const isEmail = (value: string): boolean => value.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
export const email = z.string().trim().refine(isEmail, 'must be an e-mail address');

/** Triage: what an editor has made of a feedback. */
export const statuses = ['new', 'read', 'done', 'spam'] as const;
export type Status = (typeof statuses)[number];
export const status = z
  .enum(statuses, 'must be new, read, done or spam')
  .meta({ description: 'Triage: new, read, done or spam (spam counts nowhere).' });

export const roles = ['editor', 'admin'] as const;
export type Role = (typeof roles)[number];
export const isRole = (value: unknown): value is Role => roles.includes(value as Role);
/** Of two roles on one site, the stronger: admin where either says admin. */
export const strongerRole = (a: Role | undefined, b: Role): Role =>
  a === 'admin' || b === 'admin' ? 'admin' : 'editor';

const yesNoWords: Record<string, boolean> = { yes: true, ja: true, true: true, no: false, nei: false, false: false };
/** Yes or no as a form or a query writes it: yes/no, ja/nei, true/false, in any case. */
export const yesNo = z
  .string()
  .meta({ description: 'yes/no, ja/nei or true/false, in any case.', examples: ['ja'] })
  .transform((s, ctx) => {
    const value = yesNoWords[s.trim().toLowerCase()];
    if (value !== undefined) return value;
    ctx.addIssue({ code: 'custom', message: 'must be yes or no' });
    return z.NEVER;
  });

/** zod's issues as the per-field errors of a 400: a missing field "is required", anything else zod's message. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.join('.'),
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
}

/** A count of answers, comments or views, as the API answers it. */
export const count = z.number().int().min(0);
