// What the memory holds: one tile per tier (rows, bytes, the vector tier's compression), the key-value totals and the device's storage.
import { For, Match, Show, Switch, type JSX } from 'solid-js';
import type { TierName, TierStats } from '../../../core/memory/api';
import { YesNo } from '../../components/yes-no';
import { formatBytes, formatPercent } from '../../format';
import type { MemoryStore } from '../../stores/memory';
import { Fact } from '../../components/fact';

const TIERS: readonly { tier: TierName; title: string; about: string }[] = [
  { tier: 'vector', title: 'Vector', about: 'Embeddings of entries for semantic search, stored compressed.' },
  { tier: 'episodic', title: 'Episodic', about: 'Recorded events: actions with their context and outcome.' },
  { tier: 'semantic', title: 'Semantic', about: 'Facts and rules, in a hierarchy.' },
  { tier: 'working', title: 'Working', about: 'This tab’s short-term memory, bounded by bytes; gone when the tab closes.' },
];

/** "62% smaller than float32", from the stored and the uncompressed byte counts. */
function compression(t: TierStats, entries: number): string {
  // Entries are embedded lazily, before the next semantic search, so stores stay fast.
  if (t.savedFraction === null) return entries > 0 ? 'entries are embedded at the next semantic search' : 'nothing stored yet';
  return t.savedFraction >= 0
    ? `${formatPercent(t.savedFraction)} smaller than float32`
    : `${formatPercent(-t.savedFraction)} larger than float32`;
}

function Tile(props: { title: string; about: string; tier: TierName; rows?: number; bytes?: number; children?: JSX.Element }) {
  return (
    <section class="mem-tier" aria-label={`${props.title} tier`} data-tier={props.tier}>
      <h3 class="mem-tier__title">{props.title}</h3>
      <p class="mem-tier__about">{props.about}</p>
      <p class="mem-tier__figures">
        <span data-stat="rows">{props.rows ?? '—'}</span> {props.rows === 1 ? 'row' : 'rows'} ·{' '}
        <span data-stat="bytes">{props.bytes === undefined ? '—' : formatBytes(props.bytes)}</span>
      </p>
      {props.children}
    </section>
  );
}

export function TierCards(props: { store: MemoryStore }) {
  const stats = () => props.store.stats().value;
  const tier = (name: TierName) => stats()?.tiers.find((t) => t.tier === name);
  const working = () => props.store.working().value;
  const storage = () => props.store.storage();

  return (
    <section class="card" aria-labelledby="tiers-title">
      <div class="card__head">
        <div>
          <h2 id="tiers-title" class="card__title">What is stored</h2>
          <p class="card__subtitle">Rows and bytes per tier, read from the database now. They are read again after every change.</p>
        </div>
        <button type="button" class="btn btn--secondary" onClick={() => void props.store.refresh()}>
          Refresh figures
        </button>
      </div>
      <div class="card__status" aria-live="polite">
        <Show when={props.store.stats().error}>
          {(e) => <p class="text-bad" role="alert">The figures could not be read: {e()}</p>}
        </Show>
      </div>

      <div class="mem-tiers" data-testid="tier-cards">
        <For each={TIERS.slice(0, 3)}>
          {(t) => (
            <Tile title={t.title} about={t.about} tier={t.tier} rows={tier(t.tier)?.rows} bytes={tier(t.tier)?.bytes}>
              <Show when={t.tier === 'vector' && tier('vector')}>
                {(v) => (
                  <p class="mem-tier__note" data-stat="compression">
                    {compression(v(), stats()?.entries.rows ?? 0)}
                    <Show when={v().savedFraction !== null}>
                      <span class="muted"> ({formatBytes(v().rawBytes)} as float32)</span>
                    </Show>
                  </p>
                )}
              </Show>
            </Tile>
          )}
        </For>
        {/* The working tier belongs to this tab's own worker, so its live figures come from working_stats. */}
        <Tile title={TIERS[3].title} about={TIERS[3].about} tier="working" rows={working()?.entries ?? tier('working')?.rows} bytes={working()?.bytes ?? tier('working')?.bytes}>
          <Show when={working()}>
            {(w) => (
              <p class="mem-tier__note">
                of {formatBytes(w().capacityBytes)} · {w().hits} hits, {w().misses} misses, {w().evictions} evicted
              </p>
            )}
          </Show>
        </Tile>
      </div>

      <dl class="facts" data-testid="memory-facts">
        <Fact label="Key-value entries" hint="memory_usage">
          <Show when={stats()} fallback={<span class="muted">—</span>}>
            {(s) => (
              <span>
                <span data-stat="entries">{s().entries.rows}</span> entries · {formatBytes(s().entries.bytes)}
              </span>
            )}
          </Show>
        </Fact>
        <Fact label="Namespaces">
          <Show when={stats()} fallback={<span class="muted">—</span>}>
            {(s) => <span data-stat="namespaces">{s().entries.namespaces}</span>}
          </Show>
        </Fact>
        <Fact label="Database file" hint="memory.db, all tables">
          <Show when={stats()} fallback={<span class="muted">—</span>}>
            {(s) => formatBytes(s().databaseBytes)}
          </Show>
        </Fact>
        <Fact label="Storage used" hint="by this site, of what the browser allows">
          <Show when={storage()} fallback={<span class="muted">—</span>}>
            {(st) => (
              <Show when={st().estimate} fallback={<span class="muted">not reported</span>}>
                {(e) => (
                  <span data-testid="storage-estimate">
                    {formatBytes(e().usage)} of {formatBytes(e().quota)}
                  </span>
                )}
              </Show>
            )}
          </Show>
        </Fact>
        <Fact label="Kept on this device">
          <div class="mem-persist">
            <YesNo value={storage()?.persisted} yes="persistent" no="best effort" noTone="neutral" />
            <Show when={storage() && storage()!.persisted !== true}>
              <button type="button" class="btn btn--secondary" onClick={() => void props.store.requestPersistence()}>
                Keep data on this device
              </button>
            </Show>
          </div>
          <div aria-live="polite">
            <Switch>
              <Match when={props.store.persistOutcome() === 'granted'}>
                <p class="facts__note" role="status">Granted: the browser will not clear this data when space runs low.</p>
              </Match>
              <Match when={props.store.persistOutcome() === 'declined'}>
                <p class="facts__note" role="status" data-testid="persist-declined">
                  The browser declined for now; it decides from how the site is used (installing or bookmarking it helps). The data is still
                  stored, but the browser may clear it if the device runs out of space.
                </p>
              </Match>
              <Match when={props.store.persistOutcome() === 'unsupported'}>
                <p class="facts__note" role="status">This browser has no way to ask for persistent storage.</p>
              </Match>
            </Switch>
          </div>
        </Fact>
      </dl>
    </section>
  );
}
