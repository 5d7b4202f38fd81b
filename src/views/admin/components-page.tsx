// Components and groups: the list with statuses and order, and the create/edit forms.
import type { Child, FC } from 'hono/jsx';
import type { Translations } from '../../domain/localized';
import type { Component, ComponentGroup, Locale } from '../../domain/model';
import { Badge } from './badges';
import type { FormState, Option } from './fields';
import { ActionButton, Checkbox, Csrf, ErrorSummary, emptyForm, Select } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { componentStatusOptions } from './options';
import { COMPONENT_STATUS_LABEL, S } from './strings';
import { LANGUAGE, otherLanguages, TranslatedText } from './translated-fields';

const groupOptions = (groups: readonly ComponentGroup[]): Option[] => [
  { value: '', label: S.components.noGroup },
  ...groups.map((g) => ({ value: g.id, label: g.name })),
];

/** Name and description side by side in each page language, the default one's name required. */
const TextFields: FC<{ form: string; state: FormState; defaultLocale: Locale }> = (p) => (
  <>
    <TranslatedText form={p.form} name="name" label={S.common.name} state={p.state} defaultLocale={p.defaultLocale} required />
    <TranslatedText
      form={p.form}
      name="description"
      label={S.common.description}
      state={p.state}
      defaultLocale={p.defaultLocale}
      rows={2}
    />
  </>
);

export const ComponentFields: FC<{ form: string; state: FormState; groups: readonly ComponentGroup[]; defaultLocale: Locale }> = (p) => (
  <>
    <ErrorSummary errors={p.state.errors} />
    <TextFields form={p.form} state={p.state} defaultLocale={p.defaultLocale} />
    <div class="grid">
      <Select form={p.form} name="group_id" label={S.components.group} state={p.state} options={groupOptions(p.groups)} />
      <Select form={p.form} name="status" label={S.common.status} state={p.state} options={componentStatusOptions} />
    </div>
    <Checkbox form={p.form} name="showcase" label={S.components.showcase} state={p.state} />
    <Checkbox form={p.form} name="only_show_if_degraded" label={S.components.onlyShowIfDegraded} state={p.state} />
  </>
);

export const GroupFields: FC<{ form: string; state: FormState; defaultLocale: Locale }> = (p) => (
  <>
    <ErrorSummary errors={p.state.errors} />
    <TextFields form={p.form} state={p.state} defaultLocale={p.defaultLocale} />
    <Checkbox form={p.form} name="collapsed" label={S.components.collapsed} state={p.state} />
  </>
);

/** A row's name, and under it, small, its name in each other language the operator wrote one. */
const NameCell: FC<{ href: string; name: string; translations: Translations<'name' | 'description'>; defaultLocale: Locale }> = (p) => (
  <td>
    <a href={p.href}>{p.name}</a>
    {otherLanguages(p.defaultLocale).map((locale) => {
      const translated = p.translations[locale]?.name;
      return translated ? (
        <div class="muted">
          <small>
            {`${LANGUAGE[locale]}: `}
            <span lang={locale}>{translated}</span>
          </small>
        </div>
      ) : null;
    })}
  </td>
);

/** ↑ and ↓ for one row of an ordered list: the first row has no ↑, the last no ↓. */
const MoveButtons: FC<{ action: string; csrf: string; name: string; index: number; count: number }> = (p) => (
  <div class="row-actions">
    {p.index > 0 ? (
      <ActionButton action={p.action} csrf={p.csrf} label="↑" ariaLabel={`${S.common.moveUp}: ${p.name}`} fields={{ direction: 'up' }} />
    ) : null}
    {p.index < p.count - 1 ? (
      <ActionButton
        action={p.action}
        csrf={p.csrf}
        label="↓"
        ariaLabel={`${S.common.moveDown}: ${p.name}`}
        fields={{ direction: 'down' }}
      />
    ) : null}
  </div>
);

const ComponentRows: FC<{ components: readonly Component[]; csrf: string; defaultLocale: Locale }> = ({
  components,
  csrf,
  defaultLocale,
}) => (
  <table class="components">
    <thead>
      <tr>
        <th scope="col">{S.common.name}</th>
        <th scope="col">{S.common.status}</th>
        <th scope="col">{S.components.setStatus}</th>
        <th scope="col">{S.components.position}</th>
      </tr>
    </thead>
    <tbody>
      {components.map((c, i) => (
        <tr>
          <NameCell href={`/admin/components/${c.id}`} name={c.name} translations={c.translations} defaultLocale={defaultLocale} />
          <td>
            <Badge status={c.status} label={COMPONENT_STATUS_LABEL[c.status]} />
          </td>
          <td>
            <form method="post" action={`/admin/components/${c.id}/status`} class="row-actions">
              <Csrf token={csrf} />
              <label class="visually-hidden" for={`status-${c.id}`}>
                {S.components.statusOf(c.name)}
              </label>
              <select id={`status-${c.id}`} name="status">
                {componentStatusOptions.map((o) => (
                  <option value={o.value} selected={o.value === c.status}>
                    {o.label}
                  </option>
                ))}
              </select>
              <button type="submit" class="secondary">
                {S.components.setStatus}
              </button>
            </form>
          </td>
          <td>
            <MoveButtons action={`/admin/components/${c.id}/move`} csrf={csrf} name={c.name} index={i} count={components.length} />
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

export interface ComponentsPageProps {
  chrome: Chrome;
  components: readonly Component[];
  groups: readonly ComponentGroup[];
  defaultLocale: Locale;
  componentForm?: FormState;
  groupForm?: FormState;
  /** Errors of a row action (status change, move) that has no form of its own. */
  rowErrors?: FormState['errors'];
}

export const ComponentsPage: FC<ComponentsPageProps> = (p) => {
  const sections: { title: string; components: Component[] }[] = [
    ...p.groups.map((g) => ({ title: g.name, components: p.components.filter((c) => c.groupId === g.id) })),
    { title: S.components.noGroup, components: p.components.filter((c) => !c.groupId || !p.groups.some((g) => g.id === c.groupId)) },
  ].filter((s) => s.components.length > 0);
  return (
    <Layout title={S.components.title} chrome={p.chrome}>
      {p.rowErrors ? <ErrorSummary errors={p.rowErrors} /> : null}
      <h2>{S.components.list}</h2>
      {sections.length === 0 ? <p>{S.common.none}</p> : null}
      {sections.map((s) => (
        <section aria-label={s.title}>
          <h3>{s.title}</h3>
          <ComponentRows components={s.components} csrf={p.chrome.csrf} defaultLocale={p.defaultLocale} />
        </section>
      ))}
      <form method="post" action="/admin/components" class="card" id="new-component">
        <h2>{S.components.create}</h2>
        <Csrf token={p.chrome.csrf} />
        <ComponentFields
          form="new-component"
          state={p.componentForm ?? emptyForm({ status: 'operational', showcase: 'on' })}
          groups={p.groups}
          defaultLocale={p.defaultLocale}
        />
        <button type="submit">{S.components.createSubmit}</button>
      </form>

      <h2>{S.components.groups}</h2>
      {p.groups.length === 0 ? (
        <p>{S.common.none}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{S.common.name}</th>
              <th scope="col" class="num">
                {S.components.members}
              </th>
              <th scope="col">{S.components.position}</th>
            </tr>
          </thead>
          <tbody>
            {p.groups.map((g, i) => (
              <tr>
                <NameCell href={`/admin/groups/${g.id}`} name={g.name} translations={g.translations} defaultLocale={p.defaultLocale} />
                <td class="num">{p.components.filter((c) => c.groupId === g.id).length}</td>
                <td>
                  <MoveButtons action={`/admin/groups/${g.id}/move`} csrf={p.chrome.csrf} name={g.name} index={i} count={p.groups.length} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/admin/groups" class="card" id="new-group">
        <h2>{S.components.createGroup}</h2>
        <Csrf token={p.chrome.csrf} />
        <GroupFields form="new-group" state={p.groupForm ?? emptyForm()} defaultLocale={p.defaultLocale} />
        <button type="submit">{S.components.createGroupSubmit}</button>
      </form>
    </Layout>
  );
};

/** The edit page of a component or a group: back to the list, the form, and delete. */
const EditPage: FC<{
  chrome: Chrome;
  title: string;
  action: string;
  formId: string;
  name: string;
  deleteNote?: string;
  children?: Child;
}> = (p) => (
  <Layout title={p.title} chrome={p.chrome}>
    <p>
      <a href="/admin/components">{S.common.back}</a>
    </p>
    <form method="post" action={p.action} class="card" id={p.formId}>
      <Csrf token={p.chrome.csrf} />
      {p.children}
      <button type="submit">{S.common.save}</button>
    </form>
    <form method="post" action={`${p.action}/delete`} data-confirm={`${S.common.delete} ${p.name}?`}>
      <Csrf token={p.chrome.csrf} />
      {p.deleteNote ? <p class="hint">{p.deleteNote}</p> : null}
      <button type="submit" class="danger">
        {S.common.delete}
      </button>
    </form>
  </Layout>
);

export const ComponentEditPage: FC<{
  chrome: Chrome;
  component: Component;
  groups: readonly ComponentGroup[];
  defaultLocale: Locale;
  form: FormState;
}> = (p) => (
  <EditPage
    chrome={p.chrome}
    title={S.components.edit(p.component.name)}
    action={`/admin/components/${p.component.id}`}
    formId="edit-component"
    name={p.component.name}
  >
    <ComponentFields form="edit-component" state={p.form} groups={p.groups} defaultLocale={p.defaultLocale} />
  </EditPage>
);

export const GroupEditPage: FC<{ chrome: Chrome; group: ComponentGroup; defaultLocale: Locale; form: FormState }> = (p) => (
  <EditPage
    chrome={p.chrome}
    title={S.components.editGroup(p.group.name)}
    action={`/admin/groups/${p.group.id}`}
    formId="edit-group"
    name={p.group.name}
    deleteNote={S.components.deleteGroupNote}
  >
    <GroupFields form="edit-group" state={p.form} defaultLocale={p.defaultLocale} />
  </EditPage>
);
