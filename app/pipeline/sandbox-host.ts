// One sandboxed iframe (opaque origin, its own CSP) and the private port to it: starts and stops its workers, hears their reports, notices when it dies.
import docScript from 'virtual:sandbox/doc';
import runtimeScript from 'virtual:sandbox/runtime';
import type { DocCommand, DocInit, DocMessage, LintJob, LintStart, ShimEvent, TestJob } from '../sandbox/protocol';

const READY_MS = 10_000;
/** No heartbeat (sent every 100 ms) for this long means the sandbox's process is gone. */
const SILENT_MS = 1500;
const CHECK_MS = 250;

export interface HostEvents {
  event(id: number, e: ShimEvent): void;
  workerError(id: number, message: string): void;
  /** The sandbox went silent: its process ended (a memory bomb ends it that way). */
  crash(): void;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function sha256Base64(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return btoa(String.fromCharCode(...digest));
}

/**
 * The sandbox document. Its CSP allows exactly its own inline script (by hash) and blob: scripts and workers;
 * everything else (fetch, images, forms, frames, fonts...) falls to default-src 'none'. It also inherits the app
 * page's policy (index.html), being a srcdoc document; both apply. `lint` adds 'unsafe-eval': ESLint validates rule
 * options with ajv, which compiles its validators with new Function; that sandbox never runs task code.
 */
export async function sandboxDocument(kind: 'test' | 'lint'): Promise<string> {
  const script = docScript.replace(/<\/script/gi, '<\\/script');
  const evaluate = kind === 'lint' ? " 'unsafe-eval'" : '';
  const csp = `default-src 'none'; script-src 'sha256-${await sha256Base64(script)}' blob:${evaluate}; worker-src blob:; form-action 'none'; base-uri 'none'; frame-src 'none'`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><script>${script}</script></head><body></body></html>`;
}

export class SandboxHost {
  readonly startupMs: number;
  #iframe: HTMLIFrameElement;
  #port: MessagePort;
  #nonce: string;
  #listeners: HostEvents | null = null;
  #lastBeat = performance.now();
  #lastCheck = performance.now();
  #monitor: ReturnType<typeof setInterval>;
  #nextId = 1;
  #dead = false;

  private constructor(iframe: HTMLIFrameElement, port: MessagePort, nonce: string, startupMs: number) {
    this.#iframe = iframe;
    this.#port = port;
    this.#nonce = nonce;
    this.startupMs = startupMs;
    port.addEventListener('message', (e) => this.#onMessage(e.data as DocMessage));
    port.start();
    this.#monitor = setInterval(() => this.#check(), CHECK_MS);
  }

  /** A fresh sandbox: a new iframe, so a new opaque origin with nothing left by an earlier task. */
  static async create(kind: 'test' | 'lint', container: HTMLElement = document.body): Promise<SandboxHost> {
    const t0 = performance.now();
    const iframe = document.createElement('iframe');
    // allow-scripts alone: an opaque origin (no storage, no cookies, not the app's origin), no forms, popups or top navigation.
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.setAttribute('data-safla-sandbox', '');
    iframe.hidden = true;
    iframe.srcdoc = await sandboxDocument(kind);
    const loaded = new Promise<void>((resolve) => iframe.addEventListener('load', () => resolve(), { once: true }));
    container.append(iframe);
    const nonce = hex(crypto.getRandomValues(new Uint8Array(16)));
    const channel = new MessageChannel();
    try {
      await withTimeout(loaded, READY_MS, 'the sandbox page did not load');
      const ready = new Promise<void>((resolve) => {
        const onReady = (e: MessageEvent) => {
          const m = e.data as DocMessage;
          if (m?.type !== 'ready' || m.nonce !== nonce) return;
          channel.port1.removeEventListener('message', onReady);
          resolve();
        };
        channel.port1.addEventListener('message', onReady);
        channel.port1.start();
      });
      const init: DocInit = { type: 'safla-sandbox-init', nonce };
      // The only window message: it hands over the port; from then on the iframe hears only this channel.
      iframe.contentWindow?.postMessage(init, '*', [channel.port2]);
      await withTimeout(ready, READY_MS, 'the sandbox did not start');
    } catch (err) {
      iframe.remove();
      channel.port1.close();
      throw err;
    }
    return new SandboxHost(iframe, channel.port1, nonce, performance.now() - t0);
  }

  get alive(): boolean {
    return !this.#dead;
  }

  listen(listeners: HostEvents): void {
    this.#listeners = listeners;
  }

  spawn(job: TestJob | LintStart, eslint?: string): number {
    const id = this.#nextId++;
    this.#send({ type: 'spawn', id, runtime: runtimeScript, job, ...(eslint === undefined ? {} : { eslint }) });
    return id;
  }

  job(id: number, job: LintJob): void {
    this.#send({ type: 'job', id, job });
  }

  kill(id: number): void {
    this.#send({ type: 'kill', id });
  }

  /** Removes the iframe: its document, workers and any loop they run end with it. */
  destroy(): void {
    if (this.#dead) return;
    this.#dead = true;
    clearInterval(this.#monitor);
    this.#port.close();
    this.#iframe.remove();
  }

  #send(c: DocCommand): void {
    // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a MessagePort has no target origin
    if (!this.#dead) this.#port.postMessage(c);
  }

  #onMessage(m: DocMessage): void {
    // Only the sandbox document holds the other end of this port; the nonce makes sure it is this run's document speaking.
    if (this.#dead || typeof m !== 'object' || m === null || m.nonce !== this.#nonce) return;
    this.#lastBeat = performance.now();
    if (m.type === 'event') this.#listeners?.event(m.id, m.event);
    else if (m.type === 'worker-error') this.#listeners?.workerError(m.id, String(m.message));
  }

  #check(): void {
    const now = performance.now();
    // A late check means this page was busy, not that the sandbox was silent: judge only on a timely check.
    const timely = now - this.#lastCheck < CHECK_MS * 2;
    this.#lastCheck = now;
    if (timely && now - this.#lastBeat > SILENT_MS) {
      this.destroy();
      this.#listeners?.crash();
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
