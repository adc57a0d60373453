// Saves text or bytes as a file through a Blob URL and a temporary download link.

/** Long enough for the browser to start reading the Blob after the click; the URL is released after. */
const REVOKE_AFTER_MS = 60_000;

export function downloadFile(name: string, content: string | Uint8Array, type: string): void {
  const part = typeof content === 'string' ? content : (content as Uint8Array<ArrayBuffer>);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export function downloadText(name: string, text: string, type = 'application/json'): void {
  downloadFile(name, text, type);
}

export function downloadBytes(name: string, bytes: Uint8Array, type: string): void {
  downloadFile(name, bytes, type);
}
