// What the kernel and models bench workers do first: load our kernel and tfjs-wasm, and post the run's conditions to the page.
import { detectFeatures } from '../../kernel/js/features';
import { loadKernelBrowser } from '../../kernel/js/browser';
import type { Kernel } from '../../kernel/js/kernel';
import { FULL_PLAN, QUICK_PLAN } from '../../workers/compute/bench/suite';
import type { TimingPlan } from '../../workers/compute/bench/timing';
import type { BenchMessage, BenchRequest } from './messages';
import { initTfjs } from './tfjs-peer';

export async function startWithTfjs(req: BenchRequest, post: (m: BenchMessage) => void): Promise<{ kernel: Kernel; plan: TimingPlan }> {
  const kernel = await loadKernelBrowser();
  const tfjs = await initTfjs(req.tfjsWasmBase);
  const plan = req.quick ? QUICK_PLAN : FULL_PLAN;
  post({
    type: 'env',
    env: {
      kernelFlavor: kernel.flavor,
      kernelFeatures: detectFeatures(),
      crossOriginIsolated: self.crossOriginIsolated,
      userAgent: navigator.userAgent,
      tfjs,
      runsPerCase: plan.runs,
      warmupMs: plan.warmupMs,
      sampleMs: plan.sampleMs,
      quick: req.quick,
      filter: req.filter ?? null,
    },
  });
  return { kernel, plan };
}
