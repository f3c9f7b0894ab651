// Settings → Notifications → a rule: create or edit (what it is about, where it applies,
// whom it notifies; the settings of its type only), or delete it.

import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import {
  createNotification,
  deleteNotification,
  getNotification,
  listNotificationTypes,
  updateNotification,
  type NotificationRule,
} from '../../api/notifications';
import { listSslTypes } from '../../api/ssl';
import { ErrorBanner, Notice } from '../../components/Banner';
import { Checkbox, Field } from '../../components/Field';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormErrors } from '../../components/useFormErrors';
import { toApiError, useApi } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { draftOf, draftProblems, ruleOf, type RuleDraft } from '../../lib/notificationRules';
import { useApiClient } from '../../session/SessionProvider';
import { RecipientsFieldset, ScopeFieldset, TypeSettings } from './NotificationRuleFields';

// The form's fields, and the rule's parts an API error may name ("orgData: …").
const kFields = ['description', 'type', 'days', 'emails', 'orgData', 'recipientData', 'additionalData'];

export function NotificationEditPage() {
  const params = useParams();
  const id = params.id && /^\d+$/.test(params.id) ? Number(params.id) : undefined;
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const rule = useApi((a) => (id ? getNotification(a, id) : Promise.resolve(undefined)), [id]);
  if (params.id && !id) return <ErrorBanner>There is no notification rule at this address.</ErrorBanner>;
  if (id && rule.loading && !rule.data) return <Loading label="Loading the rule…" />;
  if (id && !rule.data) return <ErrorBanner error={rule.error} />;
  // Keyed by the stored rule, so after a save the form shows what the server kept.
  return <RuleForm key={`${id ?? 'new'}-${JSON.stringify(rule.data ?? '')}`} existing={rule.data} notice={notice} onSaved={rule.reload} />;
}

function RuleForm({ existing, notice, onSaved }: { existing?: NotificationRule; notice?: string; onSaved(): void }) {
  const api = useApiClient();
  const navigate = useNavigate();
  const location = useLocation();
  const types = useApi((a) => listNotificationTypes(a), []);
  const sslTypes = useApi((a) => listSslTypes(a), []);
  const { options: orgs, loading: orgsLoading } = useOrgOptions();
  const errors = useFormErrors(kFields);
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(existing));
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleteError, setDeleteError] = useState<ApiError>();
  const change = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    const problems = draftProblems(draft);
    if (Object.keys(problems).length) {
      for (const [field, message] of Object.entries(problems)) errors.setField(field, message);
      return;
    }
    const body = ruleOf(draft);
    setBusy(true);
    try {
      if (existing) {
        await updateNotification(api, existing.id, body);
        navigate(location.pathname, { replace: true, state: { notice: `${body.description} saved.` } });
        onSaved();
      } else {
        const id = await createNotification(api, body);
        // No Location: the list shows the new rule as well.
        navigate(id ? `/settings/notifications/${id}` : '/settings/notifications', { state: { notice: `${body.description} created.` } });
      }
    } catch (err) {
      errors.report(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!existing) return;
    setBusy(true);
    setDeleteError(undefined);
    try {
      await deleteNotification(api, existing.id);
      navigate('/settings/notifications', { replace: true, state: { notice: `${existing.description} deleted.` } });
    } catch (err) {
      setDeleteError(toApiError(err));
      setBusy(false);
    }
  };

  if ((types.loading && !types.data) || orgsLoading) return <Loading label="Loading the form…" />;
  // A rule of a type this server no longer lists keeps it, so saving does not change it.
  const typeChoices = [...(types.data ?? [])];
  if (draft.type && !typeChoices.includes(draft.type)) typeChoices.push(draft.type);
  const title = existing ? existing.description || `Rule ${existing.id}` : 'Add a notification';
  const f = errors.fields;
  return (
    <>
      <p className="breadcrumb">
        <Link to="/settings/notifications">Notifications</Link> ›
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={errors.banner ?? types.error ?? sslTypes.error} />
      <form className="form" onSubmit={submit} aria-label={title} noValidate>
        <Field label="Description" hint="Shown in the list of rules." error={f.description} required>
          <input value={draft.description} onChange={(e) => change({ description: e.target.value })} maxLength={256} />
        </Field>
        <Field label="Notify about" error={f.type} required>
          <select value={draft.type} onChange={(e) => change({ type: e.target.value })}>
            <option value="">Choose an event…</option>
            {typeChoices.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Field>
        <TypeSettings draft={draft} errors={f} sslTypes={sslTypes.data ?? []} onChange={change} />
        <ScopeFieldset draft={draft} errors={f} orgs={orgs} onChange={change} />
        <RecipientsFieldset draft={draft} errors={f} onChange={change} />
        <Checkbox label="Active" hint="An inactive rule is kept but sends nothing." checked={draft.active} onChange={(active) => change({ active })} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : existing ? 'Save changes' : 'Add notification'}
          </button>
          <Link className="button" to="/settings/notifications">
            Cancel
          </Link>
          {existing && (
            <button type="button" className="danger" disabled={busy} onClick={() => setConfirmDelete(true)}>
              Delete
            </button>
          )}
        </div>
      </form>
      <ConfirmDialog
        open={confirmDelete}
        title={`Delete ${title}?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        error={deleteError}
        onCancel={() => {
          setConfirmDelete(false);
          setDeleteError(undefined);
        }}
        onConfirm={() => void remove()}
      >
        <p>No more messages are sent for this rule.</p>
      </ConfirmDialog>
    </>
  );
}
