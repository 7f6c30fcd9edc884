/** Characters that stay percent-encoded: decoding them would change what the path means or how it reads. */
const keepEncoded = /[\s\p{C}/?#%[\]@!$&'()*+,;=":<>\\^`{|}]/u;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeSafely(escapes: string): string {
  const bytes = Uint8Array.from(escapes.slice(1).split('%'), (hex) => parseInt(hex, 16));
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return escapes.toUpperCase();
  }
  return Array.from(text, (char) => (keepEncoded.test(char) ? encodeURIComponent(char) : char)).join('');
}

/**
 * The page a feedback is about: the URL's path alone (no scheme, host, query string or fragment),
 * percent-decoded where safe, repeated slashes collapsed, a trailing index.html/index.htm dropped, case kept.
 */
export function pagePath(url: URL): string {
  return url.pathname
    .replace(/(?:%[0-9a-f]{2})+/gi, decodeSafely)
    .replace(/\/{2,}/g, '/')
    .replace(/\/index\.html?$/i, '/');
}

/** A path as an editor or a CMS writes it (from /), made the page it names as pagePath makes it of a URL. */
export function pathOnSite(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  try {
    return pagePath(new URL(`https://site.invalid${path}`));
  } catch {
    return undefined;
  }
}
