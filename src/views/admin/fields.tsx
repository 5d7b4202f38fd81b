// Form fields of the admin UI: each with its label, its hint, and its errors next to it, wired
// for screen readers (aria-invalid, aria-describedby). Values are what the operator typed.
import type { Child, FC } from 'hono/jsx';
import { S } from './strings';

/** Field name → messages; `_form` holds what belongs to no one field. */
export type FieldErrors = Record<string, string[]>;

/** A form as the operator left it: field name → typed value(s); absent checkboxes are absent. */
export type FormValues = Record<string, string | string[]>;

export interface FormState {
  values: FormValues;
  errors: FieldErrors;
}

export const emptyForm = (values: FormValues = {}): FormState => ({ values, errors: {} });

export const fieldValue = (values: FormValues, name: string): string => {
  const v = values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

export const fieldValues = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
};

const fieldId = (form: string, name: string) => `${form}-${name}`.replace(/[^A-Za-z0-9_-]/g, '-');

export const Csrf: FC<{ token: string }> = ({ token }) => <input type="hidden" name="_csrf" value={token} />;

const ErrorText: FC<{ id: string; errors: string[] | undefined }> = ({ id, errors }) =>
  errors?.length ? (
    <p class="field-error" id={id}>
      {errors.join(' ')}
    </p>
  ) : null;

export const ErrorSummary: FC<{ errors: FieldErrors }> = ({ errors }) => {
  const all = Object.entries(errors).filter(([, messages]) => messages.length > 0);
  if (all.length === 0) return null;
  const formLevel = errors._form ?? [];
  return (
    <div class="error-summary" role="alert">
      <p>
        <strong>{S.errors.summary}</strong>
      </p>
      {formLevel.length > 0 ? (
        <ul>
          {formLevel.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

interface FieldProps {
  form: string;
  name: string;
  label: string;
  state: FormState;
  hint?: string;
  /** The key of the schema errors shown here, when it differs from the input's name. */
  errorKey?: string;
}

function describedBy(id: string, hint: string | undefined, errors: string[] | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', errors?.length ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** What ties one input to its label, hint and errors: its id, its errors, its aria attributes. */
function wiring(p: FieldProps) {
  const id = fieldId(p.form, p.name);
  const errors = p.state.errors[p.errorKey ?? p.name];
  const aria = { 'aria-invalid': errors?.length ? ('true' as const) : undefined, 'aria-describedby': describedBy(id, p.hint, errors) };
  return { id, errors, aria };
}

/** The frame every input sits in: its label, its hint, the input, its errors. */
const FieldFrame: FC<{ id: string; label: string; hint?: string; errors: string[] | undefined; compact?: boolean; children?: Child }> = (
  p,
) => (
  <div class={`${p.errors?.length ? 'field invalid' : 'field'}${p.compact ? ' compact' : ''}`}>
    <label for={p.id}>{p.label}</label>
    {p.hint ? (
      <p class="hint" id={`${p.id}-hint`}>
        {p.hint}
      </p>
    ) : null}
    {p.children}
    <ErrorText id={`${p.id}-error`} errors={p.errors} />
  </div>
);

export const TextField: FC<FieldProps & { type?: string; required?: boolean; autocomplete?: string; inputmode?: string }> = (p) => {
  const { id, errors, aria } = wiring(p);
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} errors={errors}>
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={fieldValue(p.state.values, p.name)}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode as 'text' | undefined}
        {...aria}
      />
    </FieldFrame>
  );
};

export const TextArea: FC<FieldProps & { rows?: number; required?: boolean }> = (p) => {
  const { id, errors, aria } = wiring(p);
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} errors={errors}>
      <textarea id={id} name={p.name} rows={p.rows ?? 4} required={p.required} {...aria}>
        {fieldValue(p.state.values, p.name)}
      </textarea>
    </FieldFrame>
  );
};

export interface Option {
  value: string;
  label: string;
}

export const Select: FC<FieldProps & { options: readonly Option[]; compact?: boolean }> = (p) => {
  const { id, errors, aria } = wiring(p);
  const current = fieldValue(p.state.values, p.name);
  return (
    <FieldFrame id={id} label={p.label} hint={p.hint} errors={errors} compact={p.compact}>
      <select id={id} name={p.name} {...aria}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === current}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
};

export const Checkbox: FC<{ form: string; name: string; label: string; state: FormState; value?: string }> = (p) => {
  const value = p.value ?? 'on';
  const id = fieldId(p.form, `${p.name}-${value}`);
  return (
    <div class="check">
      <input id={id} type="checkbox" name={p.name} value={value} checked={fieldValues(p.state.values, p.name).includes(value)} />
      <label for={id}>{p.label}</label>
    </div>
  );
};

/** A group of related inputs with one legend and the errors of `errorKey` under it. */
export const Fieldset: FC<{ legend: string; state: FormState; errorKey: string; hint?: string; children?: Child }> = (p) => {
  const errors = p.state.errors[p.errorKey];
  return (
    <fieldset class={errors?.length ? 'invalid' : undefined}>
      <legend>{p.legend}</legend>
      {p.hint ? <p class="hint">{p.hint}</p> : null}
      {p.children}
      {errors?.length ? <p class="field-error">{errors.join(' ')}</p> : null}
    </fieldset>
  );
};

/** A one-button form (start, complete, move up…): a POST with its CSRF token and hidden fields. */
export const ActionButton: FC<{
  action: string;
  csrf: string;
  label: string;
  fields?: Record<string, string>;
  danger?: boolean;
  ariaLabel?: string;
}> = (p) => (
  <form method="post" action={p.action} class="inline">
    <Csrf token={p.csrf} />
    {Object.entries(p.fields ?? {}).map(([name, value]) => (
      <input type="hidden" name={name} value={value} />
    ))}
    <button type="submit" class={p.danger ? 'danger' : 'secondary'} aria-label={p.ariaLabel}>
      {p.label}
    </button>
  </form>
);
