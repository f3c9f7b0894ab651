import { CopyValue } from '../../components/CopyValue';
import type { Evidence } from '../../lib/evidence';

/** The exact record, file or address a validation waits for. */
export function EvidenceView({ evidence }: { evidence: Evidence }) {
  return (
    <div className="evidence" aria-label="What to publish">
      <p>
        <strong>{evidence.instruction}</strong>
      </p>
      <dl>
        {evidence.items.map((i) => (
          <div key={i.label}>
            <dt>{i.label}</dt>
            <dd>{i.exact ? <CopyValue value={i.value} label={i.label} /> : i.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
