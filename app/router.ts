// A tiny hash router: the path after "#/" picks a route; no history API, so the precached index.html serves every route offline.
import { createSignal, onCleanup, type Accessor } from 'solid-js';

/** "#/system" → "system"; an empty hash is the default route. */
export function pathFromHash(hash: string, fallback: string): string {
  const path = hash.replace(/^#\/?/, '').split(/[?#]/)[0].replace(/\/+$/, '');
  return path || fallback;
}

export function hrefFor(path: string): string {
  return `#/${path}`;
}

/** The current path; call inside a reactive owner (it removes its listener on cleanup). */
export function createHashPath(fallback: string): Accessor<string> {
  const [path, setPath] = createSignal(pathFromHash(location.hash, fallback));
  const update = () => setPath(pathFromHash(location.hash, fallback));
  window.addEventListener('hashchange', update);
  onCleanup(() => window.removeEventListener('hashchange', update));
  return path;
}
