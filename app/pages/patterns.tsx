// The Patterns page: not built yet; says what it will hold.
import { PlannedPage } from '../components/planned-page';

export default function PatternsPage() {
  return (
    <PlannedPage title="Patterns">
      Patterns learned from recorded operations and their outcomes: which strategy tends to work for a task, with the similar past cases behind each prediction.
    </PlannedPage>
  );
}
