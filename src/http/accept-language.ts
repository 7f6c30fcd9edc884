import type { Lang } from '../values.ts';

/** The language a language tag asks for, if fantdu speaks it: nynorsk, bokmål (or plain Norwegian), or English. */
function langOfTag(tag: string): Lang | undefined {
  const [primary, ...rest] = tag.toLowerCase().split('-');
  if (primary === 'nn' || primary === 'nno' || (primary === 'no' && rest.includes('nyn'))) return 'nn';
  if (primary === 'nb' || primary === 'nob' || primary === 'no') return 'nb';
  if (primary === 'en') return 'en';
  return undefined;
}

/** A weight as RFC 9110 writes it (0 to 1, at most three decimals); anything else is 0, "not wanted". */
const qValue = (text: string) => (/^\s*(0(\.\d{0,3})?|1(\.0{0,3})?)\s*$/.test(text) ? Number(text) : 0);

/**
 * The language an `Accept-Language` header prefers among those fantdu speaks, by its q-values (the first listed of
 * equal ones); bokmål when it names none of them, or there is no header.
 */
export function langOfAcceptLanguage(header: string | undefined): Lang {
  const wanted = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=(.*)$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: langOfTag(tag.trim()), q: q === undefined ? 1 : qValue(q), index };
    })
    .filter((w): w is { lang: Lang; q: number; index: number } => w.lang !== undefined && w.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return wanted[0]?.lang ?? 'nb';
}
