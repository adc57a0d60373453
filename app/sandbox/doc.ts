// The sandbox document's script (inline in the runner's sandboxed iframe): takes the runner's port once, then only starts and stops workers and relays their reports with the run's nonce.
import type { DocCommand, DocInit, DocMessage, ShimEvent } from './protocol';

const BEAT_MS = 100;

let port: MessagePort | null = null;
let nonce = '';
const workers = new Map<number, { worker: Worker; channel: MessagePort; url: string }>();

function send(m: DocMessage): void {
  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a MessagePort has no target origin
  port?.postMessage(m);
}

function spawn(c: Extract<DocCommand, { type: 'spawn' }>): void {
  const url = URL.createObjectURL(new Blob([c.runtime], { type: 'text/javascript' }));
  // A classic worker: module workers cannot start in an opaque origin.
  const worker = new Worker(url);
  const channel = new MessageChannel();
  // Reports count only from the shim's private port; whatever task code posts to `self` reaches the Worker object, which nobody hears.
  channel.port1.addEventListener('message', (e: MessageEvent) => send({ type: 'event', nonce, id: c.id, event: e.data as ShimEvent }));
  channel.port1.start();
  worker.addEventListener('error', (e: ErrorEvent) => {
    e.preventDefault();
    send({ type: 'worker-error', nonce, id: c.id, message: e.message || 'the worker failed to start' });
  });
  worker.postMessage({ job: c.job, eslint: c.eslint }, [channel.port2]);
  workers.set(c.id, { worker, channel: channel.port1, url });
}

function kill(id: number): void {
  const w = workers.get(id);
  if (!w) return;
  w.worker.terminate();
  w.channel.close();
  URL.revokeObjectURL(w.url);
  workers.delete(id);
}

function onCommand(e: MessageEvent): void {
  const c = e.data as DocCommand;
  if (c.type === 'spawn') spawn(c);
  else if (c.type === 'kill') kill(c.id);
  // oxlint-disable-next-line unicorn/require-post-message-target-origin -- a MessagePort has no target origin
  else if (c.type === 'job') workers.get(c.id)?.channel.postMessage(c.job);
}

function onInit(e: MessageEvent): void {
  const init = e.data as DocInit | null;
  if (port || e.source !== parent || init?.type !== 'safla-sandbox-init' || !e.ports[0]) return;
  removeEventListener('message', onInit);
  port = e.ports[0];
  nonce = init.nonce;
  port.addEventListener('message', onCommand);
  port.start();
  send({ type: 'ready', nonce });
  // The app counts a silent sandbox as crashed (a process killed for memory sends nothing more).
  setInterval(() => send({ type: 'beat', nonce }), BEAT_MS);
}

addEventListener('message', onInit);
