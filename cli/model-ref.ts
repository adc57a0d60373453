// `--model` as a .clf file or a registry id (`name` for the latest version, `name@1.2.0` for one): resolved to the model and where it came from.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeClf, type ModelArtifact } from '../core/format/clf';
import type { VersionInfo } from '../core/models/registry';
import { CliError, type CliIo } from './io';
import { stateDir, withExistingState } from './state';

export type ModelSource = { kind: 'file'; path: string } | { kind: 'registry'; info: VersionInfo };

export interface ResolvedModel {
  artifact: ModelArtifact;
  source: ModelSource;
}

const VERSION = /^\d+\.\d+\.\d+$/;

/** `id` or `id@1.2.0`; undefined when ref cannot be a registry id (a path, a .clf name). */
export function parseModelRef(ref: string): { modelId: string; version?: string } | undefined {
  if (/[/\\]/.test(ref) || ref.toLowerCase().endsWith('.clf')) return undefined;
  const at = ref.lastIndexOf('@');
  if (at <= 0) return { modelId: ref };
  const version = ref.slice(at + 1);
  if (!VERSION.test(version)) throw new CliError(`--model ${ref}: the version after @ must look like 1.2.0`, 2);
  return { modelId: ref.slice(0, at), version };
}

/**
 * A path (with / or ending in .clf) is read as a file. Anything else is looked up in the registry of the state
 * folder first; a file of that name is the fallback, so `--model mymodel` works for both.
 */
export async function resolveModel(io: CliIo, stateFlag: unknown, ref: string, readFile: (io: CliIo, path: string) => Promise<ModelArtifact>): Promise<ResolvedModel> {
  const id = parseModelRef(ref);
  if (id === undefined) return { artifact: await readFile(io, ref), source: { kind: 'file', path: ref } };
  const found = await withExistingState(io, stateFlag, (state) => {
    if (!state || !state.models.model_list().some((m) => m.modelId === id.modelId)) return undefined;
    const versions = state.models.model_versions(id.modelId);
    if (id.version !== undefined && !versions.some((v) => v.version === id.version)) {
      throw new CliError(`${id.modelId} has no version ${id.version} (it has ${versions.map((v) => v.version).join(', ')})`);
    }
    return state.models.model_load({ modelId: id.modelId, version: id.version });
  });
  if (found) return { artifact: decodeClf(found.file), source: { kind: 'registry', info: found.info } };
  if (id.version === undefined && existsSync(resolve(io.cwd(), ref))) return { artifact: await readFile(io, ref), source: { kind: 'file', path: ref } };
  throw new CliError(`no model ${JSON.stringify(ref)}: not in the registry at ${stateDir(io, stateFlag)} and no such file (list models with \`safla neural status\`)`);
}

/** How a resolved model is named in output: the file, or id@version. */
export function modelLabel(m: ResolvedModel): string {
  return m.source.kind === 'file' ? m.source.path : `${m.source.info.modelId}@${m.source.info.version}`;
}
