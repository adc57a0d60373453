// A confusion matrix on validation records: rows are true classes, columns predicted ones, the diagonal marked.
import { For } from 'solid-js';
import { formatPercent } from '../../format';
import type { Confusion } from '../../stores/lab';

export function ConfusionMatrix(props: { confusion: Confusion }) {
  const c = () => props.confusion;
  return (
    <div class="table-wrap">
      <table class="table lab-confusion" data-testid="confusion" data-n={c().n}>
        <caption>
          Confusion matrix on {c().n} validation records (accuracy {formatPercent(c().accuracy)}): rows are the true class, columns the predicted one.
        </caption>
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            <For each={c().labels}>{(l) => <th scope="col">{l}</th>}</For>
          </tr>
        </thead>
        <tbody>
          <For each={c().matrix}>
            {(row, i) => (
              <tr data-label={c().labels[i()]}>
                <th scope="row">{c().labels[i()]}</th>
                <For each={row}>
                  {(n, j) => (
                    <td class="num" classList={{ 'lab-confusion__hit': i() === j(), 'lab-confusion__miss': i() !== j() && n > 0 }}>
                      {n}
                    </td>
                  )}
                </For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
