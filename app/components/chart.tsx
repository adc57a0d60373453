// A small uPlot line chart over epochs (or another step, such as a strategy's runs): created once on mount, fed new data as it arrives, resized with its container.
import { createEffect, onCleanup, onMount } from 'solid-js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: readonly number[];
  color: string;
  dashed?: boolean;
}

const HEIGHT = 180;

/** uPlot draws gaps for null; a NaN or Infinity (regression accuracy on no rows, a diverged loss) must not break the scale. */
const finite = (vs: readonly number[]) => vs.map((v) => (Number.isFinite(v) ? v : null));

export function LineChart(props: { title: string; x: readonly number[]; series: ChartSeries[]; yLabel: string; xLabel?: string; testId?: string }) {
  const xLabel = () => props.xLabel ?? 'epoch';
  let box: HTMLDivElement | undefined;
  let plot: uPlot | undefined;

  const data = (): uPlot.AlignedData => [props.x as number[], ...props.series.map((s) => finite(s.values))];

  onMount(() => {
    const el = box!;
    const width = Math.max(240, el.clientWidth);
    plot = new uPlot(
      {
        width,
        height: HEIGHT,
        // Legend values follow the cursor; the numbers people need are written beside the chart instead.
        legend: { show: true, live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [{ label: xLabel(), size: 36 }, { label: props.yLabel, size: 52 }],
        series: [{ label: xLabel() }, ...props.series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dashed ? [6, 4] : undefined, points: { show: false } }))],
      },
      data(),
      el,
    );
    const ro = new ResizeObserver(() => plot?.setSize({ width: Math.max(240, el.clientWidth), height: HEIGHT }));
    ro.observe(el);
    onCleanup(() => ro.disconnect());
  });

  createEffect(() => {
    const d = data();
    plot?.setData(d);
  });

  onCleanup(() => {
    plot?.destroy();
    plot = undefined;
  });

  const summary = () => {
    const n = props.x.length;
    if (n === 0) return `${props.title}: no ${xLabel()}s yet.`;
    return `${props.title} after ${xLabel()} ${props.x[n - 1]}: ${props.series.map((s) => `${s.label} ${Number.isFinite(s.values[n - 1]) ? s.values[n - 1].toPrecision(4) : 'not measured'}`).join(', ')}.`;
  };

  return (
    <figure class="chart" data-testid={props.testId} data-points={props.x.length}>
      <figcaption class="chart__title">{props.title}</figcaption>
      <div class="chart__plot" ref={(el) => (box = el)} role="img" aria-label={summary()} />
    </figure>
  );
}
