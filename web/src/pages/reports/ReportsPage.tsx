// Reports → SSL certificates: the certificates matching the filters, as a table (sorted
// and paged here, since the report answers every row at once) and as a CSV file.

import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { ApiError } from '../../api/errors';
import { downloadSslReportCsv, runSslReport, type SslReportRequest, type SslReportRow } from '../../api/reports';
import { ErrorBanner } from '../../components/Banner';
import { PageTitle } from '../../components/PageTitle';
import { Pager } from '../../components/Pager';
import { StatusBadge } from '../../components/StatusBadge';
import { Table, type Column } from '../../components/Table';
import { useFormErrors } from '../../components/useFormErrors';
import { toApiError } from '../../hooks/useApi';
import { useOrgOptions } from '../../hooks/useOrgOptions';
import type { Paging } from '../../api/query';
import { formatApiDate, parseApiDate } from '../../lib/dates';
import { saveBlob } from '../../lib/download';
import { kDefaultPageSize } from '../../lib/listState';
import { emptyReportDraft, reportFileName, reportProblems, reportRequestOf, type ReportDraft } from '../../lib/reportFilters';
import { sortRows, type SortState } from '../../lib/sort';
import { useApiClient } from '../../session/SessionProvider';
import { ReportFilterForm } from './ReportFilterForm';

const columns: Column<SslReportRow>[] = [
  { key: 'commonName', header: 'Common name', sortable: true, render: (r) => <Link to={`/certificates/ssl/${r.id}`}>{r.commonName}</Link> },
  { key: 'organizationName', header: 'Organization', sortable: true, render: (r) => r.organizationName },
  { key: 'status', header: 'Status', sortable: true, render: (r) => <StatusBadge status={r.status} /> },
  { key: 'type', header: 'Type', sortable: true, render: (r) => r.type },
  { key: 'expires', header: 'Expires', sortable: true, render: (r) => formatApiDate(r.expires) },
  { key: 'requestedVia', header: 'Requested via', sortable: true, render: (r) => r.requestedVia ?? '' },
  { key: 'serialNumber', header: 'Serial number', render: (r) => <code className="serial">{r.serialNumber ?? ''}</code> },
];

/** The rows and the request that made them (the CSV asks the same). */
interface Result {
  request: SslReportRequest;
  rows: SslReportRow[];
}

export function ReportsPage() {
  const { options: orgs } = useOrgOptions();
  // Only the fields the form shows an error beside; the API's others go to the banner.
  const errors = useFormErrors(['from', 'to']);
  const [draft, setDraft] = useState<ReportDraft>(emptyReportDraft);
  const [result, setResult] = useState<Result>();
  const [busy, setBusy] = useState(false);
  const [sort, setSort] = useState<SortState>();
  const [paging, setPaging] = useState<Paging>({ position: 0, size: kDefaultPageSize });
  const api = useApiClient();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<ApiError>();

  const run = async () => {
    errors.clear();
    const problems = reportProblems(draft);
    if (Object.keys(problems).length) {
      for (const [field, message] of Object.entries(problems)) errors.setField(field, message);
      return;
    }
    const request = reportRequestOf(draft);
    setBusy(true);
    try {
      const report = await runSslReport(api, request);
      if (typeof report?.statusCode === 'number' && report.statusCode !== 0) {
        throw new Error(`The report failed (status ${report.statusCode}).`);
      }
      setResult({ request, rows: report?.reports ?? [] });
      setDownloadError(undefined);
      setPaging((p) => ({ ...p, position: 0 }));
    } catch (err) {
      errors.report(err);
    } finally {
      setBusy(false);
    }
  };

  // The CSV asks what the table shows (the filters of the last run, not the form's now).
  const downloadCsv = async (request: SslReportRequest) => {
    setDownloading(true);
    setDownloadError(undefined);
    try {
      const file = await downloadSslReportCsv(api, request, reportFileName(new Date()));
      saveBlob(file.blob, file.fileName);
    } catch (e) {
      setDownloadError(toApiError(e));
    } finally {
      setDownloading(false);
    }
  };

  const sorted = result
    ? sortRows(result.rows, sort, (r, key) => (key === 'expires' ? parseApiDate(r.expires) : r[key as keyof SslReportRow]))
    : [];
  return (
    <>
      <PageTitle title="Reports">SSL certificates report</PageTitle>
      <p className="lede">
        Every SSL certificate in the organizations and departments you administer that matches the filters, with its
        details. The CSV file holds every field, for a spreadsheet.
      </p>
      <ReportFilterForm draft={draft} orgs={orgs} errors={errors.fields} busy={busy} onChange={setDraft} onRun={() => void run()} />
      <ErrorBanner error={errors.banner} />
      {result && (
        <section aria-labelledby="report-result">
          <div className="page-title">
            <h2 id="report-result">Result</h2>
            <div className="page-actions">
              <button type="button" onClick={() => void downloadCsv(result.request)} disabled={downloading}>
                {downloading ? 'Downloading…' : 'Download CSV'}
              </button>
            </div>
          </div>
          <p role="status">{result.rows.length === 1 ? '1 certificate matches.' : `${result.rows.length} certificates match.`}</p>
          <ErrorBanner error={downloadError} />
          <Table
            caption="Report"
            columns={columns}
            rows={sorted.slice(paging.position, paging.position + paging.size)}
            rowKey={(r) => r.id}
            sort={sort}
            onSort={(next) => {
              setSort(next);
              setPaging((p) => ({ ...p, position: 0 }));
            }}
            empty="No certificate matches these filters."
          />
          <Pager label="Report pages" paging={paging} total={result.rows.length} onChange={setPaging} />
        </section>
      )}
    </>
  );
}
