// The Memory page: not built yet; says what it will hold.
import { PlannedPage } from '../components/planned-page';

export default function MemoryPage() {
  return (
    <PlannedPage title="Memory">
      The learning memory: namespaced entries with expiry, kept in SQLite on this device and searchable by similarity. Counts and sizes will be read from the database itself.
    </PlannedPage>
  );
}
