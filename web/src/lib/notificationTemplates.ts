// The placeholders of a notification template ({{commonName}}): which ones a text uses,
// so a misspelt one is caught before it reaches a mailbox as "{{comonName}}".

const kPlaceholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholder names in `text`, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(kPlaceholder)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

/** The placeholders of `text` that are not in `known`. */
export function unknownPlaceholders(text: string, known: readonly string[]): string[] {
  return placeholdersIn(text).filter((p) => !known.includes(p));
}

/** "{{commonName}}", as a template writes it. */
export const placeholderText = (name: string) => `{{${name}}}`;
