// A page whose feature is not built yet: its title and one or two lines on what it will hold. No sample data.
import type { JSX } from 'solid-js';
import { hrefFor } from '../router';

export function PlannedPage(props: { title: string; children: JSX.Element }) {
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">{props.title}</h1>
        <span class="badge badge--neutral">Not built yet</span>
      </header>
      <div class="card card--quiet">
        <p class="lead">{props.children}</p>
        <p class="muted">
          Working today: the <a href={hrefFor('lab')}>Lab</a> (training), <a href={hrefFor('models')}>Models</a>, <a href={hrefFor('memory')}>Memory</a> and{' '}
          <a href={hrefFor('system')}>System</a> pages.
        </p>
      </div>
    </section>
  );
}
