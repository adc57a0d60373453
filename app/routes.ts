// The app's routes in nav order; each view is its own lazily loaded chunk.
import { lazy, type Component } from 'solid-js';

export interface RouteDef {
  path: string;
  label: string;
  /** Used in the document title. */
  title: string;
  view: Component;
}

export const ROUTES: readonly RouteDef[] = [
  { path: 'lab', label: 'Lab', title: 'Lab', view: lazy(() => import('./pages/lab')) },
  { path: 'models', label: 'Models', title: 'Models', view: lazy(() => import('./pages/models')) },
  { path: 'memory', label: 'Memory', title: 'Memory', view: lazy(() => import('./pages/memory')) },
  { path: 'pipeline', label: 'Pipeline', title: 'Pipeline', view: lazy(() => import('./pages/pipeline')) },
  { path: 'patterns', label: 'Patterns', title: 'Patterns', view: lazy(() => import('./pages/patterns')) },
  { path: 'system', label: 'System', title: 'System', view: lazy(() => import('./pages/system')) },
];

export const DEFAULT_PATH = 'lab';
