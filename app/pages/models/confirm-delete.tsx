// Asks before deleting a version or a whole model: deleted files cannot be brought back.
import { Show } from 'solid-js';
import type { ModelsStore } from '../../stores/models';

export function ConfirmDelete(props: { store: ModelsStore }) {
  return (
    <Show when={props.store.confirming()}>
      {(c) => (
        <div class="mem-confirm" role="alertdialog" aria-labelledby="confirm-delete-text" data-testid="confirm-delete">
          <p id="confirm-delete-text">
            <strong>
              Delete {c().version ? <>version <code>{c().version}</code> of </> : <>every version of </>}
              <code>{c().modelId}</code>?
            </strong>{' '}
            {c().version ? 'The file of this version is removed.' : 'The model, its files and its training history are removed.'} Export it first to keep a copy.
          </p>
          <div class="btn-row">
            <button type="button" class="btn btn--primary mem-danger" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => void props.store.confirmDelete()}>
              Delete
            </button>
            <button type="button" class="btn btn--secondary" onClick={() => props.store.cancelDelete()}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </Show>
  );
}
