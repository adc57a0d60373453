// The page's own confirmation for an agent's destructive call (Chromium 156's WebMCP passes no requestUserInteraction): a modal dialog naming the tool and its arguments, Allow or Decline, one at a time.
import './confirm-dialog.css';

/** Longest argument text shown; the rest is cut (the agent's call holds it all). */
const MAX_SHOWN = 2000;

let queue: Promise<unknown> = Promise.resolve();

function button(label: string, kind: string, value: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'submit';
  b.className = `btn ${kind}`;
  b.value = value;
  b.textContent = label;
  return b;
}

/** Shows the question (callTool's "Allow tool({...})? It deletes or overwrites stored data.") and resolves with the user's answer; Escape declines. */
function show(question: string): Promise<boolean> {
  const dialog = document.createElement('dialog');
  dialog.className = 'agent-confirm card';
  dialog.setAttribute('aria-labelledby', 'agent-confirm-title');
  dialog.dataset.testid = 'agent-confirm';
  const title = document.createElement('h2');
  title.id = 'agent-confirm-title';
  title.className = 'card__title';
  title.textContent = 'An agent asks to change stored data';
  const text = document.createElement('p');
  text.className = 'agent-confirm__call mono';
  text.textContent = question.length > MAX_SHOWN ? `${question.slice(0, MAX_SHOWN)}…` : question;
  const note = document.createElement('p');
  note.className = 'muted';
  note.textContent = 'A tool call from an agent on this page (WebMCP). Nothing happens unless you allow it.';
  const form = document.createElement('form');
  form.method = 'dialog';
  form.className = 'btn-row';
  const decline = button('Decline', 'btn--secondary', 'decline');
  form.append(decline, button('Allow', 'btn--primary', 'allow'));
  dialog.append(title, text, note, form);
  document.body.append(dialog);
  return new Promise<boolean>((resolve) => {
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'allow');
      dialog.remove();
    }, { once: true });
    dialog.showModal();
    // The safe answer has the focus, so a stray Enter declines.
    decline.focus();
  });
}

export function askInPage(question: string): Promise<boolean> {
  const answer = queue.then(() => show(question));
  queue = answer.catch(() => undefined);
  return answer;
}
