// The graphql-http audit suite against a running server: node tests/js/audit.mjs URL
// Exits 0 only when every audit (MUST, SHOULD and MAY alike) is ok.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node tests/js/audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

const results = await auditServer({ url });
const totals = {};
for (const result of results) {
  totals[result.status] = (totals[result.status] ?? 0) + 1;
  if (result.status === 'ok') continue;
  const response = result.response;
  const got = response ? ` (got ${response.status} ${response.headers.get('content-type')})` : '';
  console.log(`[${result.status}] ${result.id} ${result.name}: ${result.reason}${got}`);
}
const others = Object.entries(totals).filter(([status]) => status !== 'ok');
const rest = others.map(([status, count]) => `, ${count} ${status}`).join('');
console.log(`${results.length} audits, ${totals.ok ?? 0} ok${rest}`);
process.exitCode = totals.ok === results.length ? 0 : 1;
