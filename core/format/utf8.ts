// UTF-8 through the platform's TextEncoder/TextDecoder (present in browsers, workers and node), typed locally because core compiles without DOM or node types.

interface Encoder {
  encode(text: string): Uint8Array;
}
interface Decoder {
  decode(bytes: Uint8Array): string;
}
interface Codecs {
  TextEncoder: new () => Encoder;
  TextDecoder: new (label: string, options: { fatal: boolean }) => Decoder;
}

const codecs = globalThis as unknown as Codecs;
const encoder = new codecs.TextEncoder();
/** fatal: malformed bytes throw instead of turning into U+FFFD, so damaged files are refused. */
const decoder = new codecs.TextDecoder('utf-8', { fatal: true });

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Throws a TypeError on malformed UTF-8. */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
