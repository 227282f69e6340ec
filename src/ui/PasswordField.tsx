import { Field } from './Field';

/**
 * A password input in a Field. `autocomplete` tells password managers whether to fill the
 * saved password (current-password) or offer a new one (new-password).
 */
export function PasswordField(props: {
  label: string;
  name?: string;
  autocomplete: 'current-password' | 'new-password';
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  error?: string;
  autofocus?: boolean;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      {(a) => (
        <input
          {...a}
          type="password"
          name={props.name}
          autocomplete={props.autocomplete}
          autofocus={props.autofocus}
          value={props.value}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
