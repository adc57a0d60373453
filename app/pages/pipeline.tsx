// The Pipeline page: not built yet; says what it will hold.
import { PlannedPage } from '../components/planned-page';

export default function PipelinePage() {
  return (
    <PlannedPage title="Pipeline">
      The training pipeline: generated tasks with real tests, run in a sandbox in this browser, whose recorded outcomes train the models. Every result names the runner that produced it.
    </PlannedPage>
  );
}
