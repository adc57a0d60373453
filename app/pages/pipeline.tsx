// The Pipeline page: nothing of the pipeline exists yet; says so, and what is planned, without claiming any of it.
import { PlannedPage } from '../components/planned-page';

export default function PipelinePage() {
  return (
    <PlannedPage title="Pipeline">
      Nothing of the training pipeline exists yet: this app generates no tasks, runs no tests and records no outcomes here. Planned: generated tasks with real
      tests, run in a sandbox in this browser, their recorded outcomes used as training data, each result naming the runner that produced it.
    </PlannedPage>
  );
}
