// The Memory page's store: engine status, stats and storage, namespaces, entries, the store form, search, export and import.
import { batch, createSignal, onCleanup } from 'solid-js';
import type { ImportResult, MemoryStats, NamespaceInfo, SemanticSearchResult, WorkingStats } from '../../core/memory/api';
import type { MemoryEntry, MemoryUsageInput, MemoryUsageResult } from '../../core/memory/memory-usage';
import type { EngineClient, EngineStatus } from '../../workers/engine/types';
import { fileStamp } from '../format';
import { CHANGE_COALESCE_MS, coalesce } from './coalesce';
import type { SettingsStore } from './settings';
import type { SearchMode } from '../storage/ui-state';

export type { SearchMode };

/** The store form's fields, as typed (strings) so nothing the user wrote is lost on an error. */
export interface Draft {
  namespace: string;
  key: string;
  value: string;
  /** Seconds, optional. */
  ttl: string;
  /** A JSON object, optional. */
  metadata: string;
}
export type DraftField = keyof Draft;
const DRAFT_FIELDS: readonly DraftField[] = ['namespace', 'key', 'value', 'ttl', 'metadata'];

export type FieldErrors = Partial<Record<DraftField, string>>;

/** An error from an engine call, sorted by what the user can do about it. */
export type Problem =
  | { kind: 'input'; field: string; message: string }
  | { kind: 'quota'; message: string }
  | { kind: 'open'; message: string }
  | { kind: 'other'; message: string };

/** Files larger than this are refused before reading: an export of this app's memory is far smaller. */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
/** Hits asked of semantic search. */
export const SEMANTIC_K = 10;
/** How often relative times ("expires in 5 min") are brought up to date. */
const TICK_MS = 15_000;

export function classifyError(err: unknown): Problem {
  const e = err as { name?: unknown; message?: unknown; field?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  if (name === 'MemoryInputError') {
    // The field crosses from the engine (workers/error-details.ts). The form shows memory_usage's problem beside that
    // field; other methods' whole message (`op: field problem`) says which call it was.
    const m = /^memory_usage: \S+ (.*)$/s.exec(raw);
    const field = typeof e?.field === 'string' ? e.field : 'request';
    const message = m ? m[1] : raw;
    return { kind: 'input', field, message };
  }
  if (name === 'EngineQuotaError') return { kind: 'quota', message: raw };
  if (name === 'EngineOpenError') return { kind: 'open', message: raw };
  return { kind: 'other', message: raw };
}

function describeJsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/** Checks the parts of the form that need parsing and builds the store request; the engine checks the rest. */
export function parseDraft(d: Draft): { input: MemoryUsageInput; errors?: undefined } | { input?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  let ttl: number | null = null;
  const ttlText = d.ttl.trim();
  if (ttlText !== '') {
    const n = Number(ttlText);
    if (!Number.isFinite(n) || n <= 0) errors.ttl = `TTL must be a positive number of seconds (got “${ttlText}”); leave it empty for no expiry.`;
    else ttl = n;
  }
  let metadata: Record<string, unknown> | null = null;
  const metaText = d.metadata.trim();
  if (metaText !== '') {
    try {
      const parsed: unknown = JSON.parse(metaText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        errors.metadata = `Metadata must be a JSON object such as {"source": "notes"}, not ${describeJsonType(parsed)}.`;
      } else {
        metadata = parsed as Record<string, unknown>;
      }
    } catch (err) {
      errors.metadata = `Metadata is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  const namespace = d.namespace.trim();
  return {
    input: {
      action: 'store',
      // An empty namespace field means the engine's default namespace.
      ...(namespace === '' ? {} : { namespace }),
      key: d.key,
      value: d.value,
      ttl,
      metadata,
    },
  };
}

/** The ttl field's reading in seconds, or null when empty or not a positive number (for the hint beside it). */
export function draftTtlSeconds(ttl: string): number | null {
  const n = Number(ttl.trim());
  return ttl.trim() !== '' && Number.isFinite(n) && n > 0 ? n : null;
}

export function exportFileName(date: Date): string {
  return `safla-memory-${fileStamp(date)}.json`;
}

export function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

export type Phase<T> = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: T } | { status: 'failed'; problem: Problem };

export type SearchOutcome =
  | { mode: 'keyword'; query: string; namespace: string | null; results: MemoryEntry[] }
  | { mode: 'semantic' | 'hashing'; query: string; namespace: string | null; result: SemanticSearchResult };

export interface ImportOutcome {
  name: string;
  size: number;
  imported: ImportResult['imported'];
}

export interface ExportOutcome {
  name: string;
  size: number;
}

/** A file to import: a DOM File, or anything with its name, size and text(). */
export interface ImportFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export type PersistOutcome = 'granted' | 'declined' | 'unsupported';

export interface MemoryStoreOptions {
  engine: EngineClient;
  settings: SettingsStore;
  /** Saves an export: the page passes a Blob-URL download; tests capture it. */
  download: (name: string, text: string) => void;
  /** Milliseconds since the epoch; tests pass a controlled clock. */
  clock?: () => number;
}

type Loaded<T> = { value: T | undefined; error: string | undefined };

const message = (err: unknown) => classifyError(err).message;

export function createMemoryStore(options: MemoryStoreOptions) {
  const { engine, settings, download } = options;
  const clock = options.clock ?? Date.now;

  const [status, setStatus] = createSignal<EngineStatus>(engine.status());
  const [now, setNow] = createSignal(clock());
  const [stats, setStats] = createSignal<Loaded<MemoryStats>>({ value: undefined, error: undefined });
  const [working, setWorking] = createSignal<Loaded<WorkingStats>>({ value: undefined, error: undefined });
  const [storage, setStorage] = createSignal<{ estimate: { usage: number; quota: number } | null; persisted: boolean | null }>();
  const [persistOutcome, setPersistOutcome] = createSignal<PersistOutcome>();
  const [namespaces, setNamespaces] = createSignal<Loaded<NamespaceInfo[]>>({ value: undefined, error: undefined });
  const [selected, setSelected] = createSignal<string | null>(null);
  const [entries, setEntries] = createSignal<Loaded<MemoryEntry[]>>({ value: undefined, error: undefined });
  const [detail, setDetail] = createSignal<MemoryEntry>();
  const [draft, setDraftAll] = createSignal<Draft>({ namespace: '', key: '', value: '', ttl: '', metadata: '' });
  const [fieldErrors, setFieldErrors] = createSignal<FieldErrors>({});
  const [storing, setStoring] = createSignal<Phase<{ namespace: string; key: string; size: number }>>({ status: 'idle' });
  /** A problem from an action on an entry (retrieve, delete) or a namespace (clear), shown beside where it happened. */
  const [actionProblem, setActionProblem] = createSignal<{ where: 'entry' | 'namespace'; problem: Problem }>();
  /** What the last action did, for the polite live region. */
  const [notice, setNotice] = createSignal<string>();
  const [searchMode, setSearchModeSignal] = createSignal<SearchMode>('keyword');
  const [search, setSearch] = createSignal<Phase<SearchOutcome>>({ status: 'idle' });
  const [confirmingClear, setConfirmingClear] = createSignal<string>();
  const [exporting, setExporting] = createSignal<Phase<ExportOutcome>>({ status: 'idle' });
  const [importing, setImporting] = createSignal<Phase<ImportOutcome>>({ status: 'idle' });

  /** Set once the saved settings are applied: status changes before that must not load the wrong namespace. */
  let started = false;
  const unsubscribe = engine.onStatus((s) => {
    const before = status().role;
    setStatus(s);
    // Calls made while the engine was starting or down may have failed: read everything again once it serves.
    if ((s.role === 'owner' || s.role === 'follower') && before !== s.role && started) void refresh();
  });
  const ticker = setInterval(() => setNow(clock()), TICK_MS);
  // A write in any tab (this one included, e.g. from the console) shows here without a click.
  const live = coalesce(() => refreshAfterChange(), CHANGE_COALESCE_MS);
  const unsubscribeChanges = engine.onChange((c) => {
    // A learned operation (neural_patterns) also wrote the 'patterns' namespace and an episode.
    if ((c.what === 'memory' || (c.what === 'patterns' && c.learned.length > 0)) && started) live.request();
  });
  onCleanup(() => {
    unsubscribe();
    unsubscribeChanges();
    live.cancel();
    clearInterval(ticker);
  });

  async function usage<A extends MemoryUsageInput['action']>(input: MemoryUsageInput & { action: A }): Promise<Extract<MemoryUsageResult, { action: A }>> {
    return (await engine.call('memory_usage', input)) as Extract<MemoryUsageResult, { action: A }>;
  }

  async function loadStats(): Promise<void> {
    const [s, w] = await Promise.allSettled([engine.call('memory_stats'), engine.call('working_stats')]);
    setStats(s.status === 'fulfilled' ? { value: s.value, error: undefined } : { value: stats().value, error: message(s.reason) });
    setWorking(w.status === 'fulfilled' ? { value: w.value, error: undefined } : { value: working().value, error: message(w.reason) });
  }

  async function loadStorage(): Promise<void> {
    try {
      const [estimate, persisted] = await Promise.all([engine.storageEstimate(), engine.persisted()]);
      setStorage({ estimate, persisted });
    } catch {
      // The figures are informational; the card shows "not reported" without them.
      setStorage({ estimate: null, persisted: null });
    }
  }

  async function loadNamespaces(): Promise<NamespaceInfo[] | undefined> {
    try {
      const list = await engine.call('memory_namespaces');
      setNamespaces({ value: list, error: undefined });
      return list;
    } catch (err) {
      setNamespaces({ value: namespaces().value, error: message(err) });
      return undefined;
    }
  }

  let entriesSeq = 0;
  /** Lists the selected namespace, or every namespace merged newest first (each capped by the engine's list limit). */
  async function loadEntries(known?: NamespaceInfo[]): Promise<void> {
    const seq = ++entriesSeq;
    const ns = selected();
    try {
      let list: MemoryEntry[];
      if (ns !== null) {
        list = (await usage({ action: 'list', namespace: ns })).entries;
      } else {
        const names = (known ?? (await engine.call('memory_namespaces'))).map((n) => n.namespace);
        const lists = await Promise.all(names.map((n) => usage({ action: 'list', namespace: n })));
        list = lists.flatMap((l) => l.entries).toSorted((a, b) => b.updated_at - a.updated_at || b.id - a.id);
      }
      if (seq === entriesSeq) setEntries({ value: list, error: undefined });
    } catch (err) {
      if (seq === entriesSeq) setEntries({ value: entries().value, error: message(err) });
    }
  }

  /** Reads everything the page shows again: after every write and on the Refresh button. */
  async function refresh(): Promise<void> {
    setNow(clock());
    const names = loadNamespaces();
    await Promise.all([loadStats(), loadStorage(), names.then((n) => loadEntries(n))]);
  }

  /** After a change notice: reads the page again, and brings an open entry up to date (or closes it once it is gone). */
  async function refreshAfterChange(): Promise<void> {
    await refresh();
    const shown = detail();
    if (!shown || (selected() !== null && selected() !== shown.namespace)) return;
    const listed = entries().value?.filter((e) => e.namespace === shown.namespace) ?? [];
    const fresh = listed.find((e) => e.id === shown.id);
    if (fresh) {
      setDetail(fresh);
      return;
    }
    // Absence from the list proves a delete only where the list holds the whole namespace.
    const ns = namespaces().value?.find((n) => n.namespace === shown.namespace);
    if (ns === undefined || ns.entries <= listed.length) {
      batch(() => {
        setDetail(undefined);
        setNotice(`“${shown.key}” is no longer stored (it was deleted or expired).`);
      });
    }
  }

  /** Waits for the saved settings, then loads the page. */
  async function start(): Promise<void> {
    await settings.ready;
    batch(() => {
      setSelected(settings.get('memory.namespace'));
      setSearchModeSignal(settings.get('memory.searchMode'));
      setDraftAll((d) => ({ ...d, namespace: settings.get('memory.namespace') ?? '' }));
    });
    started = true;
    await refresh();
  }

  async function select(ns: string | null): Promise<void> {
    batch(() => {
      setSelected(ns);
      setDetail(undefined);
      setSearch({ status: 'idle' });
      setConfirmingClear(undefined);
      if (ns !== null) setDraftAll((d) => ({ ...d, namespace: ns }));
    });
    void settings.set('memory.namespace', ns);
    await loadEntries(namespaces().value);
  }

  function setDraft(field: DraftField, value: string): void {
    setDraftAll((d) => ({ ...d, [field]: value }));
    // An error stays until the field it names is edited.
    if (fieldErrors()[field]) setFieldErrors((e) => ({ ...e, [field]: undefined }));
  }

  async function submit(): Promise<void> {
    const parsed = parseDraft(draft());
    if (parsed.errors) {
      setFieldErrors(parsed.errors);
      setStoring({ status: 'idle' });
      return;
    }
    setFieldErrors({});
    setStoring({ status: 'running' });
    try {
      const r = await usage(parsed.input as MemoryUsageInput & { action: 'store' });
      batch(() => {
        setStoring({ status: 'done', result: { namespace: r.namespace, key: r.key, size: r.size } });
        // The namespace stays for the next entry; the rest is cleared only once the engine has it.
        setDraftAll((d) => ({ ...d, key: '', value: '', ttl: '', metadata: '' }));
        setNotice(undefined);
      });
      await refresh();
    } catch (err) {
      const problem = classifyError(err);
      if (problem.kind === 'input' && (DRAFT_FIELDS as readonly string[]).includes(problem.field)) {
        setFieldErrors({ [problem.field]: problem.message });
        setStoring({ status: 'idle' });
      } else {
        setStoring({ status: 'failed', problem });
      }
    }
  }

  /** Retrieves an entry (the engine counts the access) and shows its full value; the list row shows the new count. */
  async function open(entry: MemoryEntry): Promise<void> {
    setActionProblem(undefined);
    try {
      const r = await usage({ action: 'retrieve', namespace: entry.namespace, key: entry.key });
      if (!r.found || !r.entry) {
        setDetail(undefined);
        setNotice(`“${entry.key}” is no longer stored (it expired or was deleted).`);
        await refresh();
        return;
      }
      const fresh = r.entry;
      batch(() => {
        setDetail(fresh);
        setEntries((l) => ({ ...l, value: l.value?.map((e) => (e.id === fresh.id ? fresh : e)) }));
        setNotice(`Retrieved “${fresh.key}”: accessed ${fresh.access_count} ${fresh.access_count === 1 ? 'time' : 'times'}.`);
      });
    } catch (err) {
      setActionProblem({ where: 'entry', problem: classifyError(err) });
    }
  }

  function closeDetail(): void {
    setDetail(undefined);
  }

  async function remove(entry: MemoryEntry): Promise<void> {
    setActionProblem(undefined);
    try {
      const r = await usage({ action: 'delete', namespace: entry.namespace, key: entry.key });
      if (detail()?.id === entry.id) setDetail(undefined);
      setNotice(r.deleted ? `Deleted “${entry.key}” from ${entry.namespace}.` : `“${entry.key}” was already gone.`);
      await refresh();
    } catch (err) {
      setActionProblem({ where: 'entry', problem: classifyError(err) });
    }
  }

  function askClear(ns: string): void {
    setConfirmingClear(ns);
  }

  function cancelClear(): void {
    setConfirmingClear(undefined);
  }

  async function confirmClear(): Promise<void> {
    const ns = confirmingClear();
    if (ns === undefined) return;
    setActionProblem(undefined);
    try {
      const n = await engine.call('memory_clear_namespace', ns);
      batch(() => {
        setConfirmingClear(undefined);
        setNotice(`Cleared ${ns}: ${n} ${n === 1 ? 'entry' : 'entries'} deleted.`);
        if (detail()?.namespace === ns) setDetail(undefined);
      });
      // The cleared namespace no longer exists; show everything rather than an empty filter.
      if (selected() === ns) await select(null);
      await refresh();
    } catch (err) {
      setActionProblem({ where: 'namespace', problem: classifyError(err) });
    }
  }

  function setSearchMode(mode: SearchMode): void {
    setSearchModeSignal(mode);
    setSearch({ status: 'idle' });
    void settings.set('memory.searchMode', mode);
  }

  let searchSeq = 0;
  async function runSearch(query: string): Promise<void> {
    const seq = ++searchSeq;
    const mode = searchMode();
    const namespace = selected();
    if (query.trim() === '') {
      setSearch({ status: 'failed', problem: { kind: 'input', field: 'query', message: 'Type something to search for.' } });
      return;
    }
    setSearch({ status: 'running' });
    try {
      let outcome: SearchOutcome;
      if (mode === 'keyword') {
        const r = await usage({ action: 'search', value: query, ...(namespace === null ? {} : { namespace }) });
        outcome = { mode, query, namespace, results: r.results };
      } else {
        // 'semantic' leaves the embedder to the engine (its default, word vectors); 'hashing' asks for matching by spelling.
        const result = await engine.call('memory_semantic_search', {
          query, k: SEMANTIC_K, ...(namespace === null ? {} : { namespace }), ...(mode === 'hashing' ? { embedder: 'hashing' } : {}),
        });
        outcome = { mode, query, namespace, result };
      }
      if (seq === searchSeq) setSearch({ status: 'done', result: outcome });
      // Semantic search may have just indexed entries: the vector tier's figures changed.
      if (mode !== 'keyword') await loadStats();
    } catch (err) {
      if (seq === searchSeq) setSearch({ status: 'failed', problem: classifyError(err) });
    }
  }

  async function requestPersistence(): Promise<void> {
    try {
      const granted = await engine.requestPersistence();
      setPersistOutcome(granted === null ? 'unsupported' : granted ? 'granted' : 'declined');
    } catch {
      setPersistOutcome('unsupported');
    }
    await loadStorage();
  }

  async function exportAll(): Promise<void> {
    setExporting({ status: 'running' });
    try {
      const text = await engine.call('memory_export');
      const name = exportFileName(new Date(clock()));
      const size = utf8Bytes(text);
      download(name, text);
      batch(() => {
        setExporting({ status: 'done', result: { name, size } });
        setNow(clock());
      });
      await settings.addRecentFile({ kind: 'memory-export', name, size, when: clock(), action: 'exported' });
    } catch (err) {
      setExporting({ status: 'failed', problem: classifyError(err) });
    }
  }

  async function importFile(file: ImportFile): Promise<void> {
    if (file.size > MAX_IMPORT_BYTES) {
      setImporting({
        status: 'failed',
        problem: { kind: 'other', message: `${file.name} is ${file.size} bytes; a memory export this app can import is at most ${MAX_IMPORT_BYTES} bytes.` },
      });
      return;
    }
    setImporting({ status: 'running' });
    try {
      const text = await file.text();
      const r = await engine.call('memory_import', text);
      setImporting({ status: 'done', result: { name: file.name, size: file.size, imported: r.imported } });
      await Promise.all([
        settings.addRecentFile({ kind: 'memory-export', name: file.name, size: file.size, when: clock(), action: 'imported' }),
        refresh(),
      ]);
    } catch (err) {
      setImporting({ status: 'failed', problem: classifyError(err) });
    }
  }

  const ready = start();

  return {
    /** Settles when the first load is done (tests await it). */
    ready,
    status,
    now,
    stats,
    working,
    storage,
    persistOutcome,
    namespaces,
    selected,
    entries,
    detail,
    draft,
    fieldErrors,
    storing,
    actionProblem,
    notice,
    searchMode,
    search,
    confirmingClear,
    exporting,
    importing,
    recentFiles: settings.recentFiles,
    settingsError: settings.error,
    refresh,
    select,
    setDraft,
    submit,
    open,
    closeDetail,
    remove,
    askClear,
    cancelClear,
    confirmClear,
    setSearchMode,
    runSearch,
    requestPersistence,
    exportAll,
    importFile,
  };
}

export type MemoryStore = ReturnType<typeof createMemoryStore>;
