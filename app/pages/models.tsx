// The Models page: not built yet; says what it will hold.
import { PlannedPage } from '../components/planned-page';

export default function ModelsPage() {
  return (
    <PlannedPage title="Models">
      The models trained or imported on this device, with their versions and measured validation accuracy. Load, quantize, export or inspect them; imported files are validated before anything is stored.
    </PlannedPage>
  );
}
