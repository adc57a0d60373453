// What the pipeline's words mean: a strategy, the score and its formula, a profile, and which runner runs what (the figures are core's constants).
import { DEFAULT_SCORE, DEFAULT_SUCCESS_RATE, LEARNING_RATE, MIN_TREND_POINTS, RECENT_POINTS, TREND_LENGTH } from '../../../core/pipeline/profiles';
import { SPEED_HORIZON_MS } from '../../../core/pipeline/scoring';

export function About() {
  return (
    <details class="card card--quiet" data-testid="pipeline-about" open>
      <summary>
        <h2 class="card__title pipe-about__title">How it works: tasks, strategies, the score, profiles and runners</h2>
      </summary>
      <dl class="facts pipe-about">
        <div class="facts__row">
          <dt>Task</dt>
          <dd>
            A generated module (validation and string functions for easy; a REST-style handler or a data structure such as a queue, an LRU cache or a rate limiter for medium;
            sorting, searching, recursion, dynamic programming or graph search for hard) with <code>node:test</code> tests, and ESLint as the lint
            check. A seed picks the template and its names and data, so a run can be repeated.
          </dd>
        </div>
        <div class="facts__row">
          <dt>Strategy</dt>
          <dd>
            The same task's source rewritten by a syntax-tree transform before it runs; the tests never change. <strong>conservative</strong> adds
            argument validation and guards; <strong>balanced</strong> runs the code as generated; <strong>aggressive</strong> removes guards and
            validation and inlines small helpers, so it fails the edge-case tests the others pass.
          </dd>
        </div>
        <div class="facts__row">
          <dt>Score</dt>
          <dd>
            <details>
              <summary>
                <code>score = successRate·60 + max(0, 1 − ms/{SPEED_HORIZON_MS})·20 + bonus·20</code> (0 to 100)
              </summary>
              <p>
                successRate is the fraction of the two checks (tests, lint) that passed; ms is the time of both. The bonus is the reference's:
                aggressive 0.2 when the run took under 1,000 ms; conservative 0.3 when both checks passed; balanced 0.25 when more than one check in
                two passed and it took under 2,000 ms. A run that could not happen (no runner) is recorded as not run, with the reason, and gets no
                score.
              </p>
            </details>
          </dd>
        </div>
        <div class="facts__row">
          <dt>Profile</dt>
          <dd>
            Each strategy's moving averages (rate {LEARNING_RATE}) of success rate, score and time, starting from {DEFAULT_SUCCESS_RATE}, {DEFAULT_SCORE} and
            the time the strategy was expected to take, and its last {TREND_LENGTH} scores. The improvement rate compares the mean of the last{' '}
            {RECENT_POINTS} scores with the mean of the ones before: below {MIN_TREND_POINTS} scores there is not enough data, and against an earlier
            mean of 0 it is given in points, never as a percentage.
          </dd>
        </div>
        <div class="facts__row">
          <dt>Runners</dt>
          <dd>
            <strong>browser-sandbox</strong> (the default, works offline): a sandboxed iframe with an opaque origin and no network, the tests in a
            worker inside it, ESLint beside it, stopped at the deadline. <strong>webcontainer</strong> runs <code>npm test</code> and{' '}
            <code>npm run lint</code> in StackBlitz's WebContainer: only online on a cross-origin isolated page; otherwise, or if it does not boot
            in time, the sandbox runs the task and the result says so and why. <strong>node</strong> runs the real <code>npm</code> and is the CLI's
            (<code>safla train-pipeline run</code>).
          </dd>
        </div>
      </dl>
    </details>
  );
}
