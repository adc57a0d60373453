// The part of papaparse 5.7.1's API the data benchmark uses (the package ships no types).
declare module 'papaparse' {
  interface ParseResult<T> {
    data: T[];
    errors: unknown[];
  }
  interface ParseConfig<T> {
    dynamicTyping?: boolean;
    skipEmptyLines?: boolean;
    chunkSize?: number;
    chunk?: (results: ParseResult<T>) => void;
    complete?: () => void;
    error?: (e: Error) => void;
  }
  const Papa: { parse<T>(input: Blob, config: ParseConfig<T>): void };
  export default Papa;
}
