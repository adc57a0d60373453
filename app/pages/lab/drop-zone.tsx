// A file picker that also takes a dropped file, labelled for assistive tech; the same file chosen again is read again.
import { createSignal, createUniqueId, type JSX } from 'solid-js';

export function DropZone(props: { label: string; accept: string; onFile: (file: File) => void; disabled?: boolean; testId?: string; children?: JSX.Element }) {
  const id = createUniqueId();
  const [over, setOver] = createSignal(false);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) props.onFile(file);
  };
  return (
    <div
      class="mem-drop"
      classList={{ 'mem-drop--over': over() }}
      data-testid={props.testId}
      onDragOver={(e) => {
        // Without preventDefault the browser opens the dropped file instead of handing it to the page.
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
    >
      <label class="mem-field__label" for={id}>
        {props.label}
      </label>
      <input
        id={id}
        type="file"
        accept={props.accept}
        disabled={props.disabled}
        onChange={(e) => {
          take(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <span class="mem-field__hint">or drop it here.{props.children}</span>
    </div>
  );
}
