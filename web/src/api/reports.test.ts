import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { resetNotificationTemplate, updateNotification } from './notifications';
import { downloadSslReportCsv, runSslReport } from './reports';

/** A client whose fetch records each call and answers `response()`. */
function recording(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const api = new ApiClient({
    fetch: async (input, init) => {
      calls.push({ url: String(input), init: init ?? {} });
      return response();
    },
  });
  api.setCsrfToken('csrf-1');
  return { api, calls };
}

const headersOf = (init: RequestInit) => init.headers as Record<string, string>;

describe('the SSL certificates report', () => {
  it('asks for JSON, with the filters as the body', async () => {
    const { api, calls } = recording(() => Response.json({ statusCode: 0, reports: [{ id: 1, commonName: 'a.example' }] }));
    const report = await runSslReport(api, { certificateStatus: 2, organizationIds: [3] });
    expect(report.reports).toHaveLength(1);
    expect(calls[0].url).toBe('/api/report/v1/ssl-certificates');
    expect(calls[0].init.method).toBe('POST');
    expect(headersOf(calls[0].init).Accept).toBe('application/json');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ certificateStatus: 2, organizationIds: [3] });
  });
  it('asks the same call for text/csv with the session, and names the file itself', async () => {
    const csv = 'id,commonName\r\n1,a.example\r\n';
    const { api, calls } = recording(
      () => new Response(csv, { headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="report.csv"' } }),
    );
    const file = await downloadSslReportCsv(api, { certificateStatus: 0 }, 'ssl-certificates-2025-03-01.csv');
    expect(file.fileName).toBe('ssl-certificates-2025-03-01.csv');
    expect(await file.blob.text()).toBe(csv);
    const h = headersOf(calls[0].init);
    expect(h.Accept).toBe('text/csv');
    expect(h['X-CSRF-Token']).toBe('csrf-1');
    expect(calls[0].init.credentials).toBe('same-origin');
  });
  it('turns an SCM error into an ApiError', async () => {
    const { api } = recording(() => Response.json({ code: -1601, description: 'from: not a date' }, { status: 400 }));
    await expect(downloadSslReportCsv(api, {}, 'x.csv')).rejects.toMatchObject({ status: 400, code: -1601, description: 'from: not a date' });
  });
});

describe('notification paths', () => {
  it('encodes a template type as one path segment', async () => {
    const { api, calls } = recording(() => new Response(null, { status: 204 }));
    await resetNotificationTemplate(api, 'SSL Expiration');
    expect(calls[0].url).toBe('/api/notification/v1/templates/SSL%20Expiration');
    expect(calls[0].init.method).toBe('DELETE');
  });
  it('puts the whole rule with the id of the path', async () => {
    const { api, calls } = recording(() => new Response(null, { status: 200 }));
    const rule = {
      description: 'd',
      type: 'Admin Created',
      active: true,
      orgData: { selectedOrgType: 'ANY' as const, orgDelegations: [] },
      recipientData: { notifyRoles: ['MRAO' as const], recipients: [] },
      additionalData: {},
    };
    await updateNotification(api, 7, rule);
    expect(calls[0].url).toBe('/api/notification/v1/7');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ ...rule, id: 7 });
  });
});
