// Loads the meaning embedder into the engine worker: models/word-vectors.bin as a hashed build asset, precached by the service worker, so it works offline.
import assetUrl from '../../models/word-vectors.bin?url';
import { createWordVectorEmbedder, type WordVectorEmbedder } from '../../core/memory/word-vector-embedder';

let cached: Promise<WordVectorEmbedder> | undefined;

/** Fetches and verifies the word vectors once per worker; rejects with what went wrong (HTTP status, a damaged file). */
export function loadWordVectors(): Promise<WordVectorEmbedder> {
  cached ??= (async () => {
    const res = await fetch(new URL(assetUrl, self.location.href));
    if (!res.ok) throw new Error(`word vectors: ${res.status} ${res.statusText} for ${assetUrl}`);
    return createWordVectorEmbedder(new Uint8Array(await res.arrayBuffer()));
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
