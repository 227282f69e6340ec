/**
 * The Cancel / confirm row at the foot of a dialog's form. The confirm button submits the form
 * and reads `busyLabel` while the work runs; `danger` for a choice that destroys something, where
 * focus starts on Cancel, the harmless one.
 */
export function ModalActions(props: { onCancel: () => void; label: string; busyLabel?: string; busy?: boolean; danger?: boolean }) {
  return (
    <div class="modal-actions">
      <button type="button" autofocus={props.danger} onClick={() => props.onCancel()}>
        Cancel
      </button>
      <button type="submit" class={props.danger ? 'danger-solid' : 'primary'} disabled={props.busy}>
        {props.busy && props.busyLabel ? props.busyLabel : props.label}
      </button>
    </div>
  );
}

/** The single button that closes a dialog with nothing to confirm. */
export function ModalClose(props: { onClose: () => void; label?: string }) {
  return (
    <div class="modal-actions">
      <button class="primary" onClick={() => props.onClose()}>
        {props.label ?? 'Close'}
      </button>
    </div>
  );
}

/** A form's own submit button, in its actions row; it reads `busyLabel` while the work runs. */
export function SubmitRow(props: { label: string; busyLabel: string; busy: boolean }) {
  return (
    <div class="form-actions">
      <button type="submit" class="primary" disabled={props.busy}>
        {props.busy ? props.busyLabel : props.label}
      </button>
    </div>
  );
}
