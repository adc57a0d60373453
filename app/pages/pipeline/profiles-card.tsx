// Strategy profiles as cards (moving averages, runs, improvement rate in words, a trend plot of the last 20 scores) and the reference's recommendations.
import { For, Show } from 'solid-js';
import { improvementText } from '../../../core/pipeline/api';
import { RECOMMEND_BELOW_SUCCESS_RATE, RECOMMEND_OVER_MS, RECOMMEND_OVER_SCORE, type StrategyProfile } from '../../../core/pipeline/profiles';
import { ms } from '../../../core/pipeline/text';
import { LineChart } from '../../components/chart';
import type { PipelineStore } from '../../stores/pipeline';

const COLOURS = { conservative: '#0f766e', balanced: '#1d4ed8', aggressive: '#b45309' } as const;

function ProfileCard(props: { profile: StrategyProfile }) {
  const p = () => props.profile;
  const runners = () => [...new Set(p().trend.map((t) => t.runner))].join(', ');
  return (
    <article class="card pipe-profile" data-testid="profile" data-strategy={p().strategy} data-uses={p().uses}>
      <h3 class="card__title">{p().strategy}</h3>
      <dl class="facts">
        <div class="facts__row">
          <dt>Success rate (moving average)</dt>
          <dd data-stat="success-rate">{(p().successRate * 100).toFixed(1)}%</dd>
        </div>
        <div class="facts__row">
          <dt>Average score</dt>
          <dd data-stat="avg-score">{p().avgScore.toFixed(1)}</dd>
        </div>
        <div class="facts__row">
          <dt>Average time (tests + lint)</dt>
          <dd data-stat="avg-time">{ms(p().avgExecutionTime)}</dd>
        </div>
        <div class="facts__row">
          <dt>Scored runs</dt>
          <dd data-stat="uses">
            {p().uses}
            <Show when={p().uses === 0}>
              <span class="muted"> — the figures above are the starting values, not measurements</span>
            </Show>
          </dd>
        </div>
        <div class="facts__row">
          <dt>Improvement rate</dt>
          <dd data-stat="improvement" data-kind={p().improvementRate.kind}>
            {improvementText(p().improvementRate)}
          </dd>
        </div>
        <Show when={runners()}>
          <div class="facts__row">
            <dt>Runners in the trend</dt>
            <dd>{runners()}</dd>
          </div>
        </Show>
      </dl>
      <Show when={p().trend.length > 0} fallback={<p class="muted">No scores yet: run an iteration.</p>}>
        <LineChart
          title={`${p().strategy}: last ${p().trend.length} scores`}
          x={p().trend.map((_, i) => i + 1)}
          series={[{ label: 'score', values: p().trend.map((t) => t.score), color: COLOURS[p().strategy] }]}
          yLabel="score"
          xLabel="run"
          testId="trend"
        />
      </Show>
    </article>
  );
}

export function ProfilesCard(props: { store: PipelineStore }) {
  const s = () => props.store;
  return (
    <section class="card" aria-labelledby="pipe-profiles-title" data-testid="profiles">
      <div class="card__head">
        <div>
          <h2 id="pipe-profiles-title" class="card__title">Strategy profiles</h2>
          <p class="card__subtitle">What each strategy's scored runs taught, kept in this browser's database and shared by its tabs.</p>
        </div>
      </div>
      <Show when={s().viewError()}>
        <p class="text-bad" role="alert">{s().viewError()}</p>
      </Show>
      <Show when={s().profiles()} fallback={<p class="muted">Loading…</p>}>
        {(profiles) => (
          <div class="grid pipe-profiles">
            <For each={profiles()}>{(p) => <ProfileCard profile={p} />}</For>
          </div>
        )}
      </Show>
      <div class="notes" data-testid="recommendations">
        <h3 class="notes__title">Recommendations</h3>
        <Show when={s().recommendations().length > 0} fallback={<p class="muted">None yet: they follow from strategies that have run (success rate under {RECOMMEND_BELOW_SUCCESS_RATE * 100}%, average time over {ms(RECOMMEND_OVER_MS)}, average score over {RECOMMEND_OVER_SCORE}).</p>}>
          <ul class="notes__list">
            <For each={s().recommendations()}>
              {(r) => (
                <li data-type={r.type}>
                  <span class={`badge ${r.priority === 'high' ? 'badge--bad' : r.priority === 'medium' ? 'badge--neutral' : 'badge--ok'}`}>{r.priority}</span> {r.message}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
    </section>
  );
}
