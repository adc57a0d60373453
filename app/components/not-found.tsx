// Shown for a hash that names no route.
import { hrefFor } from '../router';
import { DEFAULT_PATH } from '../routes';

export function NotFound(props: { path: string }) {
  return (
    <section class="page" aria-labelledby="page-title">
      <h1 id="page-title">Page not found</h1>
      <p class="lead">
        There is no page called “{props.path}”. <a href={hrefFor(DEFAULT_PATH)}>Go to the Lab</a>.
      </p>
    </section>
  );
}
