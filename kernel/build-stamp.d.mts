// Types of build-stamp.mjs for the TypeScript tests.
export const STAMP_FILE: string;
export function kernelStamp(input: { sourceDir: string; extraFiles?: string[]; compilerVersion: string; flavors: unknown }): Promise<string>;
export function isUpToDate(outDir: string, outputs: string[], stamp: string): Promise<boolean>;
