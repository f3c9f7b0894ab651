// One notification template: subject, plain text and HTML, with the placeholders a
// template may use listed beside them. A misspelt placeholder is refused here, before
// it reaches a mailbox as it was typed.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { updateNotificationTemplate, type NotificationTemplate, type TemplatePatch } from '../../api/notifications';
import { ErrorBanner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import { placeholderText, unknownPlaceholders } from '../../lib/notificationTemplates';
import { useApiClient } from '../../session/SessionProvider';

const kParts: { key: keyof TemplatePatch; label: string; rows?: number }[] = [
  { key: 'subject', label: 'Subject' },
  { key: 'text', label: 'Plain text', rows: 10 },
  { key: 'html', label: 'HTML', rows: 12 },
];

interface Props {
  template: NotificationTemplate;
  placeholders: string[];
  onSaved(): void;
  onCancel(): void;
}

export function NotificationTemplateEditor({ template, placeholders, onSaved, onCancel }: Props) {
  const api = useApiClient();
  const errors = useFormErrors(kParts.map((p) => p.key));
  const [value, setValue] = useState<TemplatePatch>({ subject: template.subject, text: template.text, html: template.html });
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [template.type]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    let ok = true;
    for (const { key } of kParts) {
      const unknown = unknownPlaceholders(value[key], placeholders);
      if (unknown.length) {
        ok = false;
        errors.setField(key, `Not a placeholder: ${unknown.map(placeholderText).join(', ')}. Use one of the list above.`);
      }
    }
    if (!value.subject.trim()) {
      ok = false;
      errors.setField('subject', 'A message needs a subject.');
    }
    if (!ok) return;
    setBusy(true);
    try {
      await updateNotificationTemplate(api, template.type, value);
      onSaved();
    } catch (err) {
      errors.report(err);
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="template-editor-title">
      <h2 id="template-editor-title" ref={heading} tabIndex={-1}>
        The “{template.type}” message
      </h2>
      <ErrorBanner error={errors.banner} />
      <p className="hint" id="template-placeholders">
        Placeholders, replaced in each message (a value that does not apply to this event is left empty):
      </p>
      <ul className="placeholders" aria-labelledby="template-placeholders">
        {placeholders.map((p) => (
          <li key={p}>
            <code>{placeholderText(p)}</code>
          </li>
        ))}
      </ul>
      <form className="form" onSubmit={submit} aria-label={`Template of ${template.type}`} noValidate>
        {kParts.map(({ key, label, rows }) => (
          <Field key={key} label={label} error={errors.fields[key]} required={key === 'subject'}>
            {rows ? (
              <textarea className="code" rows={rows} value={value[key]} onChange={(e) => setValue({ ...value, [key]: e.target.value })} spellCheck={false} />
            ) : (
              <input value={value[key]} onChange={(e) => setValue({ ...value, [key]: e.target.value })} />
            )}
          </Field>
        ))}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save template'}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
