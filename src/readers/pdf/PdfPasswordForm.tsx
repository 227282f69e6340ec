import { onMount } from 'solid-js';

/** Asks for a protected PDF's password (again, when the last one was wrong). */
export function PdfPasswordForm(props: { incorrect: boolean; onSubmit: (pw: string) => void; onBack: () => void }) {
  let input!: HTMLInputElement;
  onMount(() => input.focus());
  return (
    <div class="pdf-overlay">
      <form
        class="reader-message"
        role="alert"
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit(input.value);
        }}
      >
        <h2>This PDF is password-protected</h2>
        <p>{props.incorrect ? 'That password is not right. Try again.' : 'Enter its password to open it.'}</p>
        <label class="password-field">
          Password
          <input ref={input} type="password" autocomplete="off" required />
        </label>
        <div class="reader-message-actions">
          <button class="primary" type="submit">
            Open
          </button>
          <button type="button" onClick={() => props.onBack()}>
            Back
          </button>
        </div>
      </form>
    </div>
  );
}
