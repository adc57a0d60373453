// The Memory page: the engine's status, what each tier holds, namespaces, the store form, entries, search, export and import.
import { engine } from '../../bridges/engine';
import { createMemoryStore } from '../../stores/memory';
import { createSettingsStore } from '../../stores/settings';
import { downloadText } from '../../components/download';
import { EntriesCard } from './entries-card';
import { NamespacesCard } from './namespaces-card';
import { SearchCard } from './search-card';
import { StatusLine } from './status-line';
import { StoreForm } from './store-form';
import { TierCards } from './tier-cards';
import { TransferCard } from './transfer-card';

export default function MemoryPage() {
  const settings = createSettingsStore();
  const store = createMemoryStore({ engine, settings, download: downloadText });
  return (
    <section class="page" aria-labelledby="page-title">
      <header class="page__header">
        <h1 id="page-title">Memory</h1>
      </header>
      <p class="lead">
        The learning memory: namespaced entries with expiry, kept in SQLite on this device and searchable by keyword or by similarity. Every
        count and size here is read from the database.
      </p>
      <StatusLine store={store} />
      <TierCards store={store} />
      <div class="grid grid--2">
        <NamespacesCard store={store} />
        <StoreForm store={store} />
      </div>
      <EntriesCard store={store} />
      <SearchCard store={store} />
      <TransferCard store={store} />
    </section>
  );
}
