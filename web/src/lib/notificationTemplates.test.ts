import { describe, expect, it } from 'vitest';
import { placeholdersIn, placeholderText, unknownPlaceholders } from './notificationTemplates';

const known = ['commonName', 'expires', 'daysLeft', 'link'];

describe('template placeholders', () => {
  it('finds each name once, spaces inside the braces allowed', () => {
    expect(placeholdersIn('{{commonName}} expires {{ expires }} ({{daysLeft}} days): {{commonName}}')).toEqual([
      'commonName',
      'expires',
      'daysLeft',
    ]);
    expect(placeholdersIn('no placeholders, {single} braces')).toEqual([]);
  });
  it('reports the misspelt and the empty', () => {
    expect(unknownPlaceholders('{{comonName}} {{link}} {{}} {{Expires}}', known)).toEqual(['comonName', '', 'Expires']);
    expect(unknownPlaceholders('<a href="{{link}}">{{commonName}}</a>', known)).toEqual([]);
  });
  it('writes a placeholder with double braces', () => {
    expect(placeholderText('link')).toBe('{{link}}');
  });
});
