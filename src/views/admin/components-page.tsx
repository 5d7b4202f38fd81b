// Components and groups: the list with statuses and order, and the create/edit forms.
import type { FC } from 'hono/jsx';
import type { Component, ComponentGroup } from '../../domain/model';
import { Badge } from './badges';
import type { FormState, Option } from './fields';
import { ActionButton, Checkbox, Csrf, ErrorSummary, emptyForm, Select, TextArea, TextField } from './fields';
import type { Chrome } from './layout';
import { Layout } from './layout';
import { componentStatusOptions } from './options';
import { COMPONENT_STATUS_LABEL, S } from './strings';

const groupOptions = (groups: readonly ComponentGroup[]): Option[] => [
  { value: '', label: S.components.noGroup },
  ...groups.map((g) => ({ value: g.id, label: g.name })),
];

export const ComponentFields: FC<{ form: string; state: FormState; groups: readonly ComponentGroup[] }> = ({ form, state, groups }) => (
  <>
    <ErrorSummary errors={state.errors} />
    <div class="grid">
      <TextField form={form} name="name" label={S.common.name} state={state} required />
      <Select form={form} name="group_id" label={S.components.group} state={state} options={groupOptions(groups)} />
      <Select form={form} name="status" label={S.common.status} state={state} options={componentStatusOptions} />
    </div>
    <TextArea form={form} name="description" label={S.common.description} state={state} rows={2} />
    <Checkbox form={form} name="showcase" label={S.components.showcase} state={state} />
    <Checkbox form={form} name="only_show_if_degraded" label={S.components.onlyShowIfDegraded} state={state} />
  </>
);

export const GroupFields: FC<{ form: string; state: FormState }> = ({ form, state }) => (
  <>
    <ErrorSummary errors={state.errors} />
    <TextField form={form} name="name" label={S.common.name} state={state} required />
    <TextArea form={form} name="description" label={S.common.description} state={state} rows={2} />
    <Checkbox form={form} name="collapsed" label={S.components.collapsed} state={state} />
  </>
);

const ComponentRows: FC<{ components: readonly Component[]; csrf: string }> = ({ components, csrf }) => (
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
          <td>
            <a href={`/admin/components/${c.id}`}>{c.name}</a>
          </td>
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
            <div class="row-actions">
              {i > 0 ? (
                <ActionButton
                  action={`/admin/components/${c.id}/move`}
                  csrf={csrf}
                  label="↑"
                  ariaLabel={`${S.common.moveUp}: ${c.name}`}
                  fields={{ direction: 'up' }}
                />
              ) : null}
              {i < components.length - 1 ? (
                <ActionButton
                  action={`/admin/components/${c.id}/move`}
                  csrf={csrf}
                  label="↓"
                  ariaLabel={`${S.common.moveDown}: ${c.name}`}
                  fields={{ direction: 'down' }}
                />
              ) : null}
            </div>
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
          <ComponentRows components={s.components} csrf={p.chrome.csrf} />
        </section>
      ))}
      <form method="post" action="/admin/components" class="card" id="new-component">
        <h2>{S.components.create}</h2>
        <Csrf token={p.chrome.csrf} />
        <ComponentFields
          form="new-component"
          state={p.componentForm ?? emptyForm({ status: 'operational', showcase: 'on' })}
          groups={p.groups}
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
                <td>
                  <a href={`/admin/groups/${g.id}`}>{g.name}</a>
                </td>
                <td class="num">{p.components.filter((c) => c.groupId === g.id).length}</td>
                <td>
                  <div class="row-actions">
                    {i > 0 ? (
                      <ActionButton
                        action={`/admin/groups/${g.id}/move`}
                        csrf={p.chrome.csrf}
                        label="↑"
                        ariaLabel={`${S.common.moveUp}: ${g.name}`}
                        fields={{ direction: 'up' }}
                      />
                    ) : null}
                    {i < p.groups.length - 1 ? (
                      <ActionButton
                        action={`/admin/groups/${g.id}/move`}
                        csrf={p.chrome.csrf}
                        label="↓"
                        ariaLabel={`${S.common.moveDown}: ${g.name}`}
                        fields={{ direction: 'down' }}
                      />
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/admin/groups" class="card" id="new-group">
        <h2>{S.components.createGroup}</h2>
        <Csrf token={p.chrome.csrf} />
        <GroupFields form="new-group" state={p.groupForm ?? emptyForm()} />
        <button type="submit">{S.components.createGroupSubmit}</button>
      </form>
    </Layout>
  );
};

export const ComponentEditPage: FC<{ chrome: Chrome; component: Component; groups: readonly ComponentGroup[]; form: FormState }> = (p) => (
  <Layout title={S.components.edit(p.component.name)} chrome={p.chrome}>
    <p>
      <a href="/admin/components">{S.common.back}</a>
    </p>
    <form method="post" action={`/admin/components/${p.component.id}`} class="card" id="edit-component">
      <Csrf token={p.chrome.csrf} />
      <ComponentFields form="edit-component" state={p.form} groups={p.groups} />
      <button type="submit">{S.common.save}</button>
    </form>
    <form method="post" action={`/admin/components/${p.component.id}/delete`} data-confirm={`${S.common.delete} ${p.component.name}?`}>
      <Csrf token={p.chrome.csrf} />
      <button type="submit" class="danger">
        {S.common.delete}
      </button>
    </form>
  </Layout>
);

export const GroupEditPage: FC<{ chrome: Chrome; group: ComponentGroup; form: FormState }> = (p) => (
  <Layout title={S.components.editGroup(p.group.name)} chrome={p.chrome}>
    <p>
      <a href="/admin/components">{S.common.back}</a>
    </p>
    <form method="post" action={`/admin/groups/${p.group.id}`} class="card" id="edit-group">
      <Csrf token={p.chrome.csrf} />
      <GroupFields form="edit-group" state={p.form} />
      <button type="submit">{S.common.save}</button>
    </form>
    <form method="post" action={`/admin/groups/${p.group.id}/delete`} data-confirm={`${S.common.delete} ${p.group.name}?`}>
      <Csrf token={p.chrome.csrf} />
      <p class="hint">{S.components.deleteGroupNote}</p>
      <button type="submit" class="danger">
        {S.common.delete}
      </button>
    </form>
  </Layout>
);
