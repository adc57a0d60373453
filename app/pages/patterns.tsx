// The Patterns page: nothing of pattern learning exists yet; says so, and what is planned, without claiming any of it.
import { PlannedPage } from '../components/planned-page';

export default function PatternsPage() {
  return (
    <PlannedPage title="Patterns">
      Nothing of pattern learning exists yet: no operations or outcomes are recorded for it and nothing here predicts. Planned: learning from recorded
      operations and their outcomes which strategy tends to work for a task, with the similar past cases behind each prediction.
    </PlannedPage>
  );
}
