import { createEffect, createUniqueId, Show, type JSX } from 'solid-js';
import './Modal.css';

/**
 * A modal on the native <dialog>: the browser traps focus, closes on Escape and gives focus back
 * to the button that opened it. Its content mounts only while open, so forms start empty.
 */
export function Modal(props: { open: boolean; title: string; onClose: () => void; children: JSX.Element; describedBy?: string }) {
  let el!: HTMLDialogElement;
  const titleId = createUniqueId();
  createEffect(() => {
    if (props.open && !el.open) el.showModal();
    else if (!props.open && el.open) el.close();
  });
  return (
    <dialog
      ref={el}
      class="modal"
      aria-labelledby={titleId}
      aria-describedby={props.describedBy}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      // A click on the backdrop lands on the dialog element itself.
      onClick={(e) => e.target === el && props.onClose()}
    >
      <Show when={props.open}>
        <div class="modal-body">
          <h2 id={titleId}>{props.title}</h2>
          {props.children}
        </div>
      </Show>
    </dialog>
  );
}
