// Certificates → SSL → Request: SCM's enroll form (scm-api.md §2.1): place, CSR, type and
// term, extra names, external requester, comments, custom fields, auto-renewal.

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { enrollSsl, listCustomFields, listSslTypes, parseCsr } from '../../api/ssl';
import { ErrorBanner } from '../../components/Banner';
import { Checkbox, Field } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageTitle } from '../../components/PageTitle';
import { useFormErrors } from '../../components/useFormErrors';
import { useApi } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import { termLabel } from '../../lib/dates';
import { looksLikeDnsName, requestedNames, splitNames } from '../../lib/names';
import { useApiClient } from '../../session/SessionProvider';
import { CsrInput, type CsrCheck } from './CsrInput';
import { NamesPreview } from './NamesPreview';

const kFields = ['orgId', 'csr', 'certType', 'term', 'subjAltNames', 'externalRequester', 'comments', 'customFields'];

export function SslRequestPage() {
  const api = useApiClient();
  const navigate = useNavigate();
  const { options: orgs, loading: orgsLoading } = useOrgOptions();
  const types = useApi((a) => listSslTypes(a), []);
  const customFields = useApi((a) => listCustomFields(a), []);
  const errors = useFormErrors(kFields);

  const [orgId, setOrgId] = useState('');
  const [csr, setCsr] = useState('');
  const [check, setCheck] = useState<CsrCheck>({ state: 'empty' });
  const [typeId, setTypeId] = useState('');
  const [term, setTerm] = useState('');
  const [extra, setExtra] = useState('');
  const [externalRequester, setExternalRequester] = useState('');
  const [comments, setComments] = useState('');
  const [custom, setCustom] = useState<Record<string, string>>({});
  const [autoRenew, setAutoRenew] = useState(false);
  const [busy, setBusy] = useState(false);
  const parse = useCallback((text: string) => parseCsr(api, text), [api]);

  // Sensible defaults once the choices are known: the only place, the first type and term.
  useEffect(() => {
    if (!orgId && orgs.length === 1) setOrgId(String(orgs[0].id));
  }, [orgs, orgId]);
  useEffect(() => {
    if (!typeId && types.data?.length) setTypeId(String(types.data[0].id));
  }, [types.data, typeId]);
  const type = types.data?.find((t) => String(t.id) === typeId);
  useEffect(() => {
    if (type && !type.terms.map(String).includes(term)) setTerm(type.terms.length ? String(type.terms[0]) : '');
  }, [type, term]);

  const extraNames = splitNames(extra);
  const badExtra = extraNames.filter((n) => !looksLikeDnsName(n));
  const names = check.state === 'ok' ? requestedNames(check.info.commonName, check.info.subjectAlternativeNames, extraNames) : [];
  const csrUsable = check.state === 'ok' || check.state === 'unchecked';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    errors.clear();
    if (badExtra.length) {
      errors.setField('subjAltNames', `Not a DNS name: ${badExtra.join(', ')}`);
      return;
    }
    setBusy(true);
    try {
      const r = await enrollSsl(api, {
        orgId: Number(orgId),
        csr: csr.trim(),
        certType: Number(typeId),
        term: Number(term),
        subjAltNames: extraNames.join(','),
        externalRequester: externalRequester.trim(),
        comments: comments.trim(),
        customFields: (customFields.data ?? [])
          .filter((f) => custom[f.name]?.trim())
          .map((f) => ({ name: f.name, value: custom[f.name].trim() })),
        autoRenew,
      });
      navigate(`/certificates/ssl/${r.sslId}`, { state: { notice: `Request ${r.sslId} submitted.` } });
    } catch (err) {
      errors.report(err);
      setBusy(false);
    }
  };

  if (orgsLoading || types.loading) return <Loading label="Loading the request form…" />;
  return (
    <>
      <PageTitle title="Request an SSL certificate">Request an SSL certificate</PageTitle>
      <p className="lede">
        Every name must be under a domain delegated to the chosen organization or department and validated (see{' '}
        <Link to="/domains">Domains</Link>).
      </p>
      <ErrorBanner error={errors.banner ?? types.error ?? customFields.error} />
      <form onSubmit={submit} className="form" aria-label="Certificate request">
        <Field label="Organization or department" error={errors.fields.orgId} required>
          <select value={orgId} onChange={(e) => setOrgId(e.target.value)}>
            <option value="">Choose…</option>
            {orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
        <CsrInput value={csr} onChange={setCsr} check={check} onCheck={setCheck} parse={parse} error={errors.fields.csr} />
        <div className="two-columns">
          <Field label="Certificate type" hint={type?.description} error={errors.fields.certType} required>
            <select value={typeId} onChange={(e) => setTypeId(e.target.value)}>
              {(types.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Term" error={errors.fields.term} required>
            <select value={term} onChange={(e) => setTerm(e.target.value)}>
              {(type?.terms ?? []).map((d) => (
                <option key={d} value={d}>
                  {termLabel(d)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field
          label="Additional names (SANs)"
          hint="Optional: names beyond those in the CSR, one per line or separated by commas."
          error={errors.fields.subjAltNames}
        >
          <textarea rows={3} value={extra} onChange={(e) => setExtra(e.target.value)} spellCheck={false} />
        </Field>
        <NamesPreview names={names} />
        <Field
          label="External requester"
          hint="Optional: email addresses (comma-separated) told when it is issued, declined or revoked."
          error={errors.fields.externalRequester}
        >
          <input type="text" inputMode="email" maxLength={512} value={externalRequester} onChange={(e) => setExternalRequester(e.target.value)} />
        </Field>
        <Field label="Comments" hint={`${comments.length} of 1024 characters; the approver reads them.`} error={errors.fields.comments}>
          <textarea rows={3} maxLength={1024} value={comments} onChange={(e) => setComments(e.target.value)} />
        </Field>
        {(customFields.data ?? []).map((f) => (
          <Field key={f.id} label={f.name} required={f.mandatory} error={errors.fields.customFields}>
            <input value={custom[f.name] ?? ''} onChange={(e) => setCustom({ ...custom, [f.name]: e.target.value })} />
          </Field>
        ))}
        <Checkbox
          label="Renew automatically before it expires"
          hint="A new certificate is requested in your name ahead of expiry."
          checked={autoRenew}
          onChange={setAutoRenew}
        />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !csrUsable || !orgId || !typeId || !term}>
            {busy ? 'Submitting…' : 'Submit request'}
          </button>
          <Link className="button" to="/certificates/ssl">
            Cancel
          </Link>
        </div>
        {!csrUsable && <p className="hint">The request can be submitted once the CSR has been read.</p>}
      </form>
    </>
  );
}
