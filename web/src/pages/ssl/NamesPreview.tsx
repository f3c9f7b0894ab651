// The names a request will put in the certificate, shown before it is submitted (the
// console's request form and the self-enrollment form).

/** Nothing while the CSR has not been read. */
export function NamesPreview({ names }: { names: readonly string[] }) {
  if (names.length === 0) return null;
  return (
    <section className="names-preview" aria-label="Names the certificate will carry">
      <h2>The certificate will name</h2>
      <ul>
        {names.map((n) => (
          <li key={n}>
            <code>{n}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}
