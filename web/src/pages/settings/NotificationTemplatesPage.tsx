// Settings → Notifications → Templates: the message each rule type sends. MRAOs may
// change a template or reset it to certkeep's default; others read them.

import { useState } from 'react';
import type { ApiError } from '../../api/errors';
import { getNotificationTemplates, resetNotificationTemplate, type NotificationTemplate } from '../../api/notifications';
import { ErrorBanner, Notice } from '../../components/Banner';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { Table, type Column } from '../../components/Table';
import { toApiError, useApi } from '../../hooks/useApi';
import { useApiClient, useMe } from '../../session/SessionProvider';
import { NotificationTabs } from './NotificationTabs';
import { NotificationTemplateEditor } from './NotificationTemplateEditor';

export function NotificationTemplatesPage() {
  const api = useApiClient();
  const me = useMe();
  const isMrao = me.credentials.some((c) => c.role === 'MRAO');
  const templates = useApi((a) => getNotificationTemplates(a), []);
  const [editing, setEditing] = useState<string>();
  const [resetting, setResetting] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [resetError, setResetError] = useState<ApiError>();
  const [notice, setNotice] = useState<string>();
  const list = templates.data?.templates ?? [];
  const current = list.find((t) => t.type === editing);

  const reset = async (type: string) => {
    setBusy(true);
    setResetError(undefined);
    try {
      await resetNotificationTemplate(api, type);
      setResetting(undefined);
      if (editing === type) setEditing(undefined);
      setNotice(`The “${type}” message is certkeep's default again.`);
      templates.reload();
    } catch (e) {
      setResetError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<NotificationTemplate>[] = [
    { key: 'type', header: 'Type', render: (t) => t.type },
    { key: 'subject', header: 'Subject', render: (t) => <code>{t.subject}</code> },
    {
      key: 'state',
      header: 'State',
      render: (t) => <span className={t.customized ? 'badge badge-ok' : 'badge badge-muted'}>{t.customized ? 'Customized' : 'Default'}</span>,
    },
    {
      key: 'actions',
      header: 'Actions',
      render: (t) => (
        <div className="actions">
          <button
            type="button"
            aria-label={`${isMrao ? 'Edit' : 'View'} the ${t.type} template`}
            onClick={() => {
              setNotice(undefined);
              setEditing(t.type);
            }}
          >
            {isMrao ? 'Edit' : 'View'}
          </button>
          {isMrao && t.customized && (
            <button type="button" onClick={() => setResetting(t.type)} aria-label={`Reset the ${t.type} template to the default`}>
              Reset to default
            </button>
          )}
        </div>
      ),
    },
  ];

  return (
    <>
      <PageTitle title="Notification templates">Notification templates</PageTitle>
      <NotificationTabs />
      <p className="lede">
        The message each type of rule sends: a subject, a plain-text body and an HTML body. Placeholders such as{' '}
        <code>{'{{commonName}}'}</code> are replaced by the certificate's, domain's or admin's details.
      </p>
      {!isMrao && <Notice>Only MRAOs may change the templates.</Notice>}
      <Notice tone="success">{notice}</Notice>
      <ErrorBanner error={templates.error} />
      {current && isMrao && (
        <NotificationTemplateEditor
          key={current.type}
          template={current}
          placeholders={templates.data?.placeholders ?? []}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            setNotice(`The “${current.type}” message is saved.`);
            templates.reload();
          }}
        />
      )}
      {current && !isMrao && <TemplateView template={current} onClose={() => setEditing(undefined)} />}
      {templates.loading && !templates.data ? (
        <Loading label="Loading the templates…" />
      ) : (
        <Table caption="Templates" columns={columns} rows={list} rowKey={(t) => t.type} empty="The server lists no templates." />
      )}
      <ConfirmDialog
        open={resetting !== undefined}
        title={`Reset the “${resetting ?? ''}” message?`}
        confirmLabel="Reset to default"
        danger
        busy={busy}
        error={resetError}
        onCancel={() => {
          setResetting(undefined);
          setResetError(undefined);
        }}
        onConfirm={() => resetting && void reset(resetting)}
      >
        <p>Your subject and texts are replaced by certkeep's default; this cannot be undone.</p>
      </ConfirmDialog>
    </>
  );
}

/** A template as it is, for those who may not change it. */
function TemplateView({ template, onClose }: { template: NotificationTemplate; onClose(): void }) {
  return (
    <section className="card" aria-label={`The ${template.type} message`}>
      <h2>The “{template.type}” message</h2>
      <h3>Subject</h3>
      <pre className="mono">{template.subject}</pre>
      <h3>Plain text</h3>
      <pre className="mono">{template.text}</pre>
      <h3>HTML</h3>
      <pre className="mono">{template.html}</pre>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </section>
  );
}
