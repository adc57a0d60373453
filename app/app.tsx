// The app shell: header with the product name and navigation, the routed page, the footer and the update prompt.
import { createEffect, createMemo, For, on, Show, Suspense } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import { Logo } from './components/logo';
import { NotFound } from './components/not-found';
import { UpdatePrompt } from './components/update-prompt';
import { createHashPath, hrefFor } from './router';
import { DEFAULT_PATH, ROUTES } from './routes';

const PRODUCT = 'SAFLA Lab';

export function App() {
  const path = createHashPath(DEFAULT_PATH);
  const route = createMemo(() => ROUTES.find((r) => r.path === path()));
  let main: HTMLElement | undefined;

  createEffect(
    on(route, (r, previous) => {
      document.title = `${r ? r.title : 'Not found'} · ${PRODUCT}`;
      // After a navigation (not the first load) move focus to the new page so screen readers start there.
      if (previous !== undefined || r === undefined) main?.focus();
    }, { defer: true }),
  );
  document.title = `${route()?.title ?? 'Not found'} · ${PRODUCT}`;

  const skipToMain = (e: MouseEvent) => {
    // A plain "#main" link would change the hash, which is the route here.
    e.preventDefault();
    main?.focus();
  };

  return (
    <>
      <a class="skip-link" href="#/" onClick={skipToMain}>
        Skip to content
      </a>
      <header class="site-header">
        <div class="site-header__inner">
          <a class="brand" href={hrefFor(DEFAULT_PATH)}>
            <Logo class="brand__logo" />
            <span class="brand__name">{PRODUCT}</span>
          </a>
          <nav class="site-nav" aria-label="Main">
            <ul class="site-nav__list">
              <For each={ROUTES}>
                {(r) => (
                  <li>
                    <a
                      class="site-nav__link"
                      href={hrefFor(r.path)}
                      aria-current={path() === r.path ? 'page' : undefined}
                    >
                      {r.label}
                    </a>
                  </li>
                )}
              </For>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="site-main" tabindex="-1" ref={(el) => (main = el)}>
        <Suspense fallback={<p class="muted" role="status">Loading…</p>}>
          <Show when={route()} keyed fallback={<NotFound path={path()} />}>
            {(r) => <Dynamic component={r.view} />}
          </Show>
        </Suspense>
      </main>
      <footer class="site-footer">
        <p>
          {PRODUCT} {import.meta.env.APP_VERSION} · runs in this browser; nothing you do here is sent to a server.
        </p>
      </footer>
      <UpdatePrompt />
    </>
  );
}
