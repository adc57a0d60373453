// What the page itself can observe about this browser: isolation, storage, cores, Chromium version, service worker.

export interface StorageFacts {
  /** navigator.storage.getDirectory() resolved. */
  opfs: boolean;
  opfsError?: string;
  usage: number | null;
  quota: number | null;
  persisted: boolean | null;
}

export interface PageEnvironment {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number | null;
  /** Full Chromium version, or null in other browsers. */
  chromium: string | null;
  userAgent: string;
  /** A service worker controls this page (it then serves the app offline). */
  serviceWorker: 'controlling' | 'not-controlling' | 'unsupported';
  storage: StorageFacts;
}

interface UaBrand {
  brand: string;
  version: string;
}
// User-Agent Client Hints are not in TypeScript's DOM lib.
interface UaData {
  getHighEntropyValues?(hints: string[]): Promise<{ fullVersionList?: UaBrand[] }>;
}

async function chromiumVersion(): Promise<string | null> {
  const uaData = (navigator as Navigator & { userAgentData?: UaData }).userAgentData;
  try {
    const values = await uaData?.getHighEntropyValues?.(['fullVersionList']);
    const brand = values?.fullVersionList?.find((b) => b.brand === 'Chromium');
    if (brand) return brand.version;
  } catch {
    // Client hints can be refused; the user-agent string still names the version.
  }
  return /(?:HeadlessChrome|Chromium|Chrome)\/([\d.]+)/.exec(navigator.userAgent)?.[1] ?? null;
}

async function storageFacts(): Promise<StorageFacts> {
  const storage = navigator.storage as StorageManager | undefined;
  const facts: StorageFacts = { opfs: false, usage: null, quota: null, persisted: null };
  if (!storage) return { ...facts, opfsError: 'navigator.storage is not available' };
  const [dir, estimate, persisted] = await Promise.allSettled([
    storage.getDirectory(),
    storage.estimate(),
    storage.persisted(),
  ]);
  if (dir.status === 'fulfilled') facts.opfs = true;
  else facts.opfsError = dir.reason instanceof Error ? dir.reason.message : String(dir.reason);
  if (estimate.status === 'fulfilled') {
    facts.usage = estimate.value.usage ?? null;
    facts.quota = estimate.value.quota ?? null;
  }
  if (persisted.status === 'fulfilled') facts.persisted = persisted.value;
  return facts;
}

export async function detectEnvironment(): Promise<PageEnvironment> {
  const [chromium, storage] = await Promise.all([chromiumVersion(), storageFacts()]);
  const sw = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
  return {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency || null,
    chromium,
    userAgent: navigator.userAgent,
    serviceWorker: !sw ? 'unsupported' : sw.controller ? 'controlling' : 'not-controlling',
    storage,
  };
}
