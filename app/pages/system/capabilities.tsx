// Detected capabilities: the compute worker's WebAssembly features and kernel build, and what the page sees.
import { Show } from 'solid-js';
import { Fact } from '../../components/fact';
import { YesNo } from '../../components/yes-no';
import { formatBytes } from '../../format';
import type { SystemStore } from '../../stores/system';

function Pending(props: { error?: string }) {
  return (
    <Show when={props.error} fallback={<span class="muted">Detecting…</span>}>
      <span class="text-bad">{props.error}</span>
    </Show>
  );
}

const FLAVOR_TEXT = { relaxed: 'relaxed SIMD', simd: 'SIMD', scalar: 'scalar' } as const;

export function Capabilities(props: { store: SystemStore }) {
  const kernel = () => props.store.kernel.value();
  const env = () => props.store.environment.value();
  const storage = () => env()?.storage;

  return (
    <div class="grid grid--2">
      <section class="card" aria-labelledby="caps-kernel">
        <div>
          <h2 id="caps-kernel" class="card__title">Compute kernel</h2>
          <p class="card__subtitle">Reported by the compute worker, which runs the WebAssembly.</p>
        </div>
        <dl class="facts" data-testid="kernel-facts">
          <Fact label="WebAssembly SIMD">
            <Show when={kernel()} fallback={<Pending error={props.store.kernel.error()} />}>
              {(k) => <YesNo value={k().features.simd} />}
            </Show>
          </Fact>
          <Fact label="Relaxed SIMD" hint="fused multiply-add">
            <Show when={kernel()} fallback={<Pending error={props.store.kernel.error()} />}>
              {(k) => <YesNo value={k().features.relaxedSimd} />}
            </Show>
          </Fact>
          <Fact label="Kernel build loaded">
            <Show when={kernel()} fallback={<Pending error={props.store.kernel.error()} />}>
              {(k) => (
                <span>
                  <code data-testid="kernel-flavor">{k().flavor}</code> <span class="muted">({FLAVOR_TEXT[k().flavor]})</span>
                </span>
              )}
            </Show>
          </Fact>
          <Fact label="Kernel memory">
            <Show when={kernel()} fallback={<Pending error={props.store.kernel.error()} />}>
              {(k) => formatBytes(k().memoryBytes)}
            </Show>
          </Fact>
        </dl>
      </section>

      <section class="card" aria-labelledby="caps-browser">
        <div>
          <h2 id="caps-browser" class="card__title">Browser and storage</h2>
          <p class="card__subtitle">Observed by this page, now.</p>
        </div>
        <dl class="facts" data-testid="browser-facts">
          <Fact label="Cross-origin isolated">
            <Show when={env()} fallback={<Pending error={props.store.environment.error()} />}>
              {(e) => <YesNo value={e().crossOriginIsolated} />}
            </Show>
          </Fact>
          <Fact label="Origin private file system">
            <Show when={storage()} fallback={<Pending error={props.store.environment.error()} />}>
              {(s) => (
                <span>
                  <YesNo value={s().opfs} yes="available" no="unavailable" />
                  <Show when={s().opfsError}>
                    <span class="facts__note">{s().opfsError}</span>
                  </Show>
                </span>
              )}
            </Show>
          </Fact>
          <Fact label="Storage used">
            <Show when={storage()} fallback={<Pending error={props.store.environment.error()} />}>
              {(s) => (
                <Show when={s().usage !== null && s().quota !== null} fallback={<span class="muted">not reported</span>}>
                  <span data-testid="storage-usage">
                    {formatBytes(s().usage!)} of {formatBytes(s().quota!)}
                  </span>
                </Show>
              )}
            </Show>
          </Fact>
          <Fact label="Storage persisted">
            <Show when={storage()} fallback={<Pending error={props.store.environment.error()} />}>
              {(s) => <YesNo value={s().persisted} yes="persistent" no="best effort" noTone="neutral" />}
            </Show>
          </Fact>
          <Fact label="Logical CPU cores">
            <Show when={env()} fallback={<Pending error={props.store.environment.error()} />}>
              {(e) => e().hardwareConcurrency ?? <span class="muted">not reported</span>}
            </Show>
          </Fact>
          <Fact label="Chromium version">
            <Show when={env()} fallback={<Pending error={props.store.environment.error()} />}>
              {(e) => (
                <Show when={e().chromium} fallback={<span class="muted">not Chromium</span>}>
                  {(v) => <code data-testid="chromium-version">{v()}</code>}
                </Show>
              )}
            </Show>
          </Fact>
          <Fact label="Offline service worker">
            <Show when={env()} fallback={<Pending error={props.store.environment.error()} />}>
              {(e) => (
                <Show when={e().serviceWorker !== 'unsupported'} fallback={<YesNo value={false} no="unsupported" />}>
                  <YesNo value={e().serviceWorker === 'controlling'} yes="controls this page" no="not yet in control" noTone="neutral" />
                </Show>
              )}
            </Show>
          </Fact>
        </dl>
      </section>
    </div>
  );
}
