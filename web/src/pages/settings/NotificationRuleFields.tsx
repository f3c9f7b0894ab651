// The parts of the notification rule form: the settings of the chosen type only (days,
// frequency, certificate type, who revoked), where the rule applies, and who it notifies.

import { kNotifyRoles, type SelectedOrgType } from '../../api/notifications';
import type { SslType } from '../../api/ssl';
import { Checkbox, Field } from '../../components/Field';
import { OrgChecklist } from '../../components/OrgChecklist';
import {
  kMaxDays,
  kMinDays,
  kNotifyRoleLabels,
  kScopeLabels,
  scopeChoices,
  usesCertType,
  usesDays,
  usesFreq,
  usesRevokedBy,
  type RuleDraft,
} from '../../lib/notificationRules';
import type { OrgOption } from '../../lib/orgTree';

interface PartProps {
  draft: RuleDraft;
  errors: Record<string, string>;
  onChange(patch: Partial<RuleDraft>): void;
}

/** Days, frequency, certificate type and who revoked: each only for the types that take it. */
export function TypeSettings({ draft, errors, sslTypes, onChange }: PartProps & { sslTypes: SslType[] }) {
  const t = draft.type;
  if (!usesDays(t) && !usesFreq(t) && !usesCertType(t) && !usesRevokedBy(t)) {
    return errors.additionalData ? <p className="field-error">{errors.additionalData}</p> : null;
  }
  const knownType = !draft.certTypeId || sslTypes.some((s) => String(s.id) === draft.certTypeId);
  return (
    <fieldset>
      <legend>When</legend>
      {usesDays(t) && (
        <Field
          label="Days before"
          hint={`Notify this many days before the ${t === 'SSL Expiration' ? 'certificate expires' : 'validation expires'} (${kMinDays} to ${kMaxDays}).`}
          error={errors.days}
          required
        >
          <input type="number" inputMode="numeric" min={kMinDays} max={kMaxDays} step={1} value={draft.days} onChange={(e) => onChange({ days: e.target.value })} />
        </Field>
      )}
      {usesFreq(t) && (
        <Field label="How often" hint="Once, or every day from then until it is renewed or has expired.">
          <select value={draft.freq} onChange={(e) => onChange({ freq: e.target.value as RuleDraft['freq'] })}>
            <option value="ONCE">Once</option>
            <option value="DAILY">Daily</option>
          </select>
        </Field>
      )}
      {usesCertType(t) && (
        <Field label="Certificate type" hint="Only certificates of this type, or of any type.">
          <select value={draft.certTypeId} onChange={(e) => onChange({ certTypeId: e.target.value })}>
            <option value="">Any type</option>
            {sslTypes.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
            {!knownType && <option value={draft.certTypeId}>Type #{draft.certTypeId}</option>}
          </select>
        </Field>
      )}
      {usesRevokedBy(t) && (
        <>
          <Checkbox
            label="Revoked by an admin"
            hint="In the console, over the REST API or by ACME."
            checked={draft.revokedByAdmin}
            onChange={(revokedByAdmin) => onChange({ revokedByAdmin })}
          />
          <Checkbox
            label="Revoked by the certificate's user"
            hint="By the requester, e.g. through the revocation link."
            checked={draft.revokedByUser}
            onChange={(revokedByUser) => onChange({ revokedByUser })}
          />
        </>
      )}
      {errors.additionalData && <p className="field-error">{errors.additionalData}</p>}
    </fieldset>
  );
}

/** Where the rule applies: every place the owner covers, or the chosen ones. */
export function ScopeFieldset({ draft, errors, orgs, onChange }: PartProps & { orgs: OrgOption[] }) {
  const choices = scopeChoices(draft.selectedOrgType, orgs, draft.orgIds);
  const setType = (selectedOrgType: SelectedOrgType) => {
    // ANYDEPT names organizations only: departments chosen before are dropped.
    const offered = scopeChoices(selectedOrgType, orgs, []).map((o) => String(o.id));
    const known = new Set(orgs.map((o) => String(o.id)));
    onChange({ selectedOrgType, orgIds: draft.orgIds.filter((id) => offered.includes(id) || !known.has(id)) });
  };
  return (
    <fieldset>
      <legend>Applies to</legend>
      <div role="radiogroup" aria-label="Applies to">
        {(Object.keys(kScopeLabels) as SelectedOrgType[]).map((s) => (
          <div className="checkbox" key={s}>
            <input type="radio" id={`scope-${s}`} name="selectedOrgType" checked={draft.selectedOrgType === s} onChange={() => setType(s)} />
            <label htmlFor={`scope-${s}`}>{kScopeLabels[s]}</label>
          </div>
        ))}
      </div>
      {draft.selectedOrgType === 'ANY' ? (
        errors.orgData && <p className="field-error">{errors.orgData}</p>
      ) : (
        <OrgChecklist
          legend={draft.selectedOrgType === 'ANYDEPT' ? 'Organizations' : 'Organizations and departments'}
          options={choices}
          chosen={draft.orgIds}
          error={errors.orgData}
          onChange={(orgIds) => onChange({ orgIds })}
        />
      )}
    </fieldset>
  );
}

/** Who is notified: roles, and fixed addresses one a line. */
export function RecipientsFieldset({ draft, errors, onChange }: PartProps) {
  const toggle = (role: (typeof kNotifyRoles)[number], on: boolean) =>
    onChange({ notifyRoles: kNotifyRoles.filter((r) => (r === role ? on : draft.notifyRoles.includes(r))) });
  return (
    <fieldset aria-describedby={errors.recipientData ? 'recipients-error' : undefined}>
      <legend>Notify</legend>
      <div className="checks">
        {kNotifyRoles.map((r) => (
          <Checkbox key={r} label={kNotifyRoleLabels[r].label} checked={draft.notifyRoles.includes(r)} onChange={(on) => toggle(r, on)} />
        ))}
      </div>
      <Field label="Also these addresses" hint="One email address a line, e.g. a team's mailbox." error={errors.emails}>
        <textarea rows={3} value={draft.emails} onChange={(e) => onChange({ emails: e.target.value })} spellCheck={false} autoCapitalize="none" />
      </Field>
      {errors.recipientData && (
        <p id="recipients-error" className="field-error">
          {errors.recipientData}
        </p>
      )}
    </fieldset>
  );
}
