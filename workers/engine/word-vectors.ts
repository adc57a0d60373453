// Loads the meaning embedder into the engine worker: models/word-vectors.bin as a hashed build asset, precached by the service worker, so it works offline.
import assetUrl from '../../models/word-vectors.bin?url';
import { createWordVectorEmbedder, type WordVectorEmbedder } from '../../core/memory/word-vector-embedder';

/** A stalled download must not hold the engine's start: after this the engine starts with hashing (and says so in results). */
const FETCH_TIMEOUT_MS = 30_000;

let cached: Promise<WordVectorEmbedder> | undefined;

/** Fetches and verifies the word vectors once per worker; rejects with what went wrong (HTTP status, a damaged file). */
export function loadWordVectors(): Promise<WordVectorEmbedder> {
  cached ??= (async () => {
    const res = await fetch(new URL(assetUrl, self.location.href), { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`word vectors: ${res.status} ${res.statusText} for ${assetUrl}`);
    return createWordVectorEmbedder(new Uint8Array(await res.arrayBuffer()));
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
