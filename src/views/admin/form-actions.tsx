// The buttons under a create form: publish (the form's own action), and the draft buttons that
// post the same fields elsewhere (`formaction`), so that one form serves every way out.
import type { FC } from 'hono/jsx';

export interface SubmitAction {
  label: string;
  /** Where this button posts instead of the form's action. */
  formaction?: string;
  /** Sent as `intent` so one handler can tell its buttons apart. */
  intent?: string;
  secondary?: boolean;
}

export const SubmitActions: FC<{ actions: readonly SubmitAction[]; hint?: string }> = ({ actions, hint }) => (
  <>
    <div class="actions">
      {actions.map((a) => (
        <button
          type="submit"
          formaction={a.formaction}
          name={a.intent ? 'intent' : undefined}
          value={a.intent}
          class={a.secondary ? 'secondary' : undefined}
        >
          {a.label}
        </button>
      ))}
    </div>
    {hint ? <p class="hint">{hint}</p> : null}
  </>
);
