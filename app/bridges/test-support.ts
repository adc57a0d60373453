// A stand-in Worker for the bridges' node tests: the given API exposed with comlink over a MessageChannel.
import { expose } from 'comlink';

export function standInWorker(api: object, onTerminate?: () => void): { worker: Worker; port: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  expose(api, port2);
  const fake: Record<string, unknown> = {
    postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
    addEventListener: (type: string, l: EventListener) => port1.addEventListener(type, l),
    removeEventListener: (type: string, l: EventListener) => port1.removeEventListener(type, l),
    start: () => port1.start(),
    terminate: () => {
      onTerminate?.();
      port1.close();
      port2.close();
    },
  };
  return { worker: fake as unknown as Worker, port: port1 };
}
