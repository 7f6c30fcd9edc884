import request from 'supertest';
import type { TestApp } from './test-app.ts';

/** A form's CSRF token, as the page carries it. */
export const csrfOf = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] as string;

/** The text of a page without its tags, spaces made one. */
export const textOf = (page: string) =>
  page
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A person signed in to /admin with a password: their GETs, and their form posts from our own origin. */
export async function signIn(fantdu: TestApp, publicUrl: string, email: string, password: string | undefined) {
  const app = () => request(fantdu.callback);
  const res = await app().post('/admin/login').set('Origin', publicUrl).type('form').send({ email, password });
  const cookie = ((res.headers['set-cookie'] as unknown as string[])[0] as string).split(';')[0] as string;
  return {
    cookie,
    get: (path: string) => app().get(path).set('Cookie', cookie),
    post: (path: string, form: Record<string, string>) =>
      app().post(path).set('Cookie', cookie).set('Origin', publicUrl).type('form').send(form),
  };
}
