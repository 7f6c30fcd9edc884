// "Fant du det du lette etter?" on any page. No cookies, no storage, no requests but to the fantdu server that
// served this script. Styles live in a shadow root, so the page cannot break them and they cannot leak out.
import { texts } from '../../src/citizen/texts.ts';

declare const CSS_TEXT: string;

type Lang = keyof typeof texts;
type Texts = (typeof texts)[Lang];

const script = (document.currentScript ??
  document.querySelector('script[src*="widget.js"]')) as HTMLScriptElement | null;
const base = script?.src ?? location.href;
const endpoint = new URL('api/v1/feedback', base).href;
const viewsEndpoint = new URL('api/v1/views', base).href;

function langOf(el: Element): Lang {
  const lang = (el.getAttribute('data-fantdu-lang') ?? el.closest('[lang]')?.getAttribute('lang') ?? '').toLowerCase();
  return lang.startsWith('nn') ? 'nn' : lang.startsWith('en') ? 'en' : 'nb';
}

/** A version 4 UUID from crypto.getRandomValues, which (unlike randomUUID) also works on plain http. */
function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts, retrying a network failure or a 5xx twice with backoff. Resolves to the status, or 0 if nothing came. */
async function post(body: object): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const status = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    }).then(
      (res) => res.status,
      () => 0,
    );
    if ((status > 0 && status < 500) || attempt === 2) return status;
    await wait(600 * 3 ** attempt);
  }
}

/** Whether this page view has been counted: once, by the first question that comes into view. */
let viewed = false;

/**
 * Counts the page view when `question` first comes into view, with a beacon (a string: text/plain, no preflight). A
 * page closed before, or a browser without IntersectionObserver or sendBeacon, counts nothing.
 */
/** The page without its query string or fragment: they may hold personal data, and fantdu keeps only the path. */
const pageUrl = () => location.origin + location.pathname;

function countView(question: Element, site: string): void {
  if (!window.IntersectionObserver || !navigator.sendBeacon) return;
  const observer = new IntersectionObserver((entries) => {
    if (!viewed && !entries.some((e) => e.isIntersecting)) return;
    observer.unobserve(question);
    if (viewed) return;
    viewed = true;
    navigator.sendBeacon(viewsEndpoint, JSON.stringify({ site, url: pageUrl() }));
  });
  observer.observe(question);
}

function h(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

function mount(container: Element): void {
  const site = container.getAttribute('data-fantdu-site') ?? '';
  const lang = langOf(container);
  const t: Texts = texts[lang];
  const host = h('fantdu-feedback', { lang });
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS_TEXT);
    root.adoptedStyleSheets = [sheet];
  } else {
    (root as ShadowRoot).append(h('style', {}, CSS_TEXT));
  }
  // The status line is in the page from the start, so screen readers announce what is written into it.
  const status = h('p', { class: 'status thanks', role: 'status' });
  const box = h('div');
  root.append(status, box);

  const id = uuid();
  const answer = { id, site, url: pageUrl(), lang };
  let busy = false;

  const finish = (message: string) => {
    const end = h('p', { class: 'thanks', tabindex: '-1' }, message);
    status.textContent = '';
    box.replaceChildren(end);
    end.focus();
  };

  const failed = (code: number) => finish(code === 429 ? t.tooMany : t.failed);

  const vote = async (found: boolean) => {
    if (busy) return;
    busy = true;
    const code = await post({ ...answer, found });
    if (code !== 200 && code !== 201) return failed(code);
    busy = false;
    const text = h('textarea', {
      id: 'c',
      name: 'comment',
      rows: '4',
      maxlength: '1000',
      'aria-describedby': 'h',
    }) as HTMLTextAreaElement;
    const form = h(
      'form',
      {},
      h('label', { for: 'c' }, found ? t.commentAfterYes : t.commentAfterNo),
      h(
        'p',
        { id: 'h', class: 'hint' },
        t.hint,
        ' ',
        h(
          'a',
          { href: new URL(`privacy?site=${encodeURIComponent(site)}&lang=${lang}`, base).href, target: '_blank' },
          t.privacy,
        ),
      ),
      text,
      h('button', { type: 'submit' }, t.send),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const comment = text.value.trim();
      if (busy) return;
      busy = true;
      const sent = comment ? await post({ ...answer, found, comment }) : 200;
      if (sent === 200 || sent === 201) finish(t.thanksComment);
      else failed(sent);
    });
    status.textContent = t.thanks;
    box.replaceChildren(form);
    text.focus();
  };

  const button = (label: string, found: boolean) => {
    const b = h('button', { type: 'button' }, label);
    b.addEventListener('click', () => void vote(found));
    return b;
  };
  const question = h('p', { id: 'q', class: 'q' }, t.question);
  box.append(
    question,
    h('div', { class: 'row', role: 'group', 'aria-labelledby': 'q' }, button(t.yes, true), button(t.no, false)),
  );

  // The no-JavaScript form from /embed is replaced; a plain container gets the widget inside it.
  if (container.tagName === 'FORM') container.replaceWith(host);
  else container.replaceChildren(host);
  countView(question, site);
}

function start(): void {
  for (const el of document.querySelectorAll('[data-fantdu-site]:not([data-fantdu-ready])')) {
    el.setAttribute('data-fantdu-ready', '');
    mount(el);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
