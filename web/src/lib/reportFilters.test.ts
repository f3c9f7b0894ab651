import { describe, expect, it } from 'vitest';
import { emptyReportDraft, reportFileName, reportProblems, reportRequestOf } from './reportFilters';

describe('reportRequestOf', () => {
  it('sends only the status for an empty form (every organization the caller sees)', () => {
    expect(reportRequestOf(emptyReportDraft())).toEqual({ certificateStatus: 0 });
  });
  it('sends every filter that is set, as numbers where the API wants them', () => {
    expect(
      reportRequestOf({
        orgIds: ['3', '5'],
        commonName: ' www. ',
        externalRequester: 'ada@uni.example',
        status: '2',
        source: '0',
        dateAttribute: '3',
        from: '2025-01-01',
        to: '2025-12-31',
      }),
    ).toEqual({
      organizationIds: [3, 5],
      commonName: 'www.',
      externalRequester: 'ada@uni.example',
      certificateStatus: 2,
      certificateRequestSource: 0,
      certificateDateAttribute: 3,
      from: '2025-01-01',
      to: '2025-12-31',
    });
  });
  it('leaves the days out without a date attribute', () => {
    expect(reportRequestOf({ ...emptyReportDraft(), from: '2025-01-01', to: '2025-02-01' })).toEqual({ certificateStatus: 0 });
  });
});

describe('reportProblems', () => {
  const ranged = { ...emptyReportDraft(), dateAttribute: '4', from: '2025-01-01', to: '2025-01-31' };
  it('checks the range only when a date attribute is chosen', () => {
    expect(reportProblems(emptyReportDraft())).toEqual({});
    expect(reportProblems(ranged)).toEqual({});
    expect(reportProblems({ ...ranged, from: '2025-01-31' })).toEqual({});
  });
  it('wants both days, real ones, in order', () => {
    expect(Object.keys(reportProblems({ ...ranged, from: '', to: '' }))).toEqual(['from', 'to']);
    expect(reportProblems({ ...ranged, from: '2025-02-30' })).toHaveProperty('from');
    expect(reportProblems({ ...ranged, to: '01/31/2025' })).toHaveProperty('to');
    expect(reportProblems({ ...ranged, from: '2025-03-01' }).to).toBe('The last day is before the first.');
  });
});

describe('reportFileName', () => {
  it('names the file by the UTC day', () => {
    expect(reportFileName(new Date('2025-03-01T23:30:00Z'))).toBe('ssl-certificates-2025-03-01.csv');
    expect(reportFileName(new Date('2025-03-01T23:30:00-05:00'))).toBe('ssl-certificates-2025-03-02.csv');
  });
});
