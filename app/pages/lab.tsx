// The Lab page: not built yet; says what it will hold.
import { PlannedPage } from '../components/planned-page';

export default function LabPage() {
  return (
    <PlannedPage title="Lab">
      Train a small neural network on your own JSON dataset in this tab and watch loss and accuracy as each epoch is measured. Then export the trained model as a file you can share.
    </PlannedPage>
  );
}
