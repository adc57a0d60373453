// The System page: what this browser and the compute worker detected, the kernel self-check, the benchmark and the agent tools (WebMCP).
import { createSystemStore } from '../../stores/system';
import { compute } from '../../bridges/compute';
import { lab } from '../../lab';
import { Capabilities } from './capabilities';
import { SelfCheckCard } from './self-check-card';
import { BenchmarkCard } from './benchmark-card';
import { WebMcpCard } from './webmcp-card';

export default function SystemPage() {
  const store = createSystemStore(compute, lab);
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">System</h1>
      </header>
      <p class="lead">
        What this browser supports and which kernel build the compute worker runs, detected now on this device. Check the kernel against its
        reference and measure it against plain JavaScript.
      </p>
      <Capabilities store={store} />
      <SelfCheckCard store={store} />
      <BenchmarkCard store={store} />
      <WebMcpCard store={store} />
    </section>
  );
}
