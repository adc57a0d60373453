// The node:test reporter the node runner loads (written to a file at run time): one JSON line per test event it needs, so results are read from data, not from a human-readable report.

/**
 * Source of an ES module node --test loads with --test-reporter=<file>. It keeps starts (to know the suite
 * path), passes, fails and the stderr of files that fail to load; skip/todo flags; the failing assertion's
 * message (node wraps it as the error's cause).
 */
export const reporterSource = `// SAFLA Lab: node:test events as JSON lines.
export default async function* reporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:start' && event.type !== 'test:pass' && event.type !== 'test:fail' && event.type !== 'test:stderr') continue;
    const d = event.data || {};
    const details = d.details || {};
    const err = details.error;
    let error;
    if (err) {
      const cause = err.cause;
      error = cause instanceof Error ? cause.message : cause !== undefined && cause !== null ? String(cause) : String(err.message);
    }
    yield JSON.stringify({
      type: event.type, name: d.name, nesting: d.nesting, file: d.file,
      skip: d.skip !== undefined && d.skip !== false, todo: d.todo !== undefined && d.todo !== false,
      suite: details.type === 'suite', duration_ms: details.duration_ms,
      failureType: err ? err.failureType : undefined, error, message: d.message,
    }) + '\\n';
  }
}
`;
